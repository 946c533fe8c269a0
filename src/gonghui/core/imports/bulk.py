"""Helpers for a spec's ``commit_rows``: change only what differs, insert fast, and audit bulk writes.

``bulk_create`` and ``bulk_update`` skip ``save()``, so django-auditlog sees nothing; these helpers
write the same log entries (create with every value, update with before/after, masked and
filtered as the model's auditlog registration says) in one bulk insert per batch.

:func:`insert` is ``bulk_create`` without Django's SQL compiler: on SQLite ``bulk_create`` may send
only 999 parameters a statement (27 rows of a wide table), and on both databases building the
statement costs more than the values themselves. It gives the objects their primary keys from the
table's own sequence, converts each value as its field would, and sends the rows as one COPY
(PostgreSQL) or one prepared INSERT run for every row (SQLite).
"""

from __future__ import annotations

import copy
import operator
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from typing import Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connections, models, router
from django.db.models.base import ModelState
from django.utils import timezone

from gonghui.core.audit import current_remote_addr

COPY_CHUNK = 5000  # rows made in memory before each COPY on PostgreSQL


def apply_values(obj: models.Model, values: dict[str, Any]) -> models.Model | None:
    """Set the fields that differ; returns a copy of the object as it was, or None when nothing changed.

    Foreign keys are compared by id, so checking 500 rows does not load 500 related objects.
    """
    before = None
    for name, value in values.items():
        field = obj._meta.get_field(name)
        if field.is_relation and field.many_to_one:
            current = getattr(obj, field.attname)
            differs = current != (value.pk if value is not None else None)
        else:
            differs = getattr(obj, name) != value
        if differs:
            if before is None:
                before = copy.copy(obj)
            setattr(obj, name, value)
    return before


def bulk_update_changed(
    model: type[models.Model], changed: Sequence[tuple[models.Model, models.Model]], fields: Iterable[str]
) -> None:
    """``bulk_update`` the changed objects (with ``updated_at`` when the model has it)."""
    if not changed:
        return
    names = set(fields)
    if any(f.name == "updated_at" for f in model._meta.fields):
        now = timezone.now()
        for _before, obj in changed:
            obj.updated_at = now
        names.add("updated_at")
    model.objects.bulk_update([obj for _before, obj in changed], sorted(names), batch_size=500)


def maker(model: type[models.Model], template: dict[str, Any] | None = None) -> Any:
    """A fast way to make many unsaved instances: returns ``make(**values)``.

    ``Model.__init__`` walks every field for every object; this copies the attributes of one
    instance made with the defaults and sets the values given: columns straight into the
    instance, foreign keys given as objects through their descriptors (so they are cached).
    """
    base = model(**(template or {})).__dict__.copy()
    base.pop("_state", None)
    plain = {f.attname for f in model._meta.concrete_fields}
    create = model.__new__

    def make(**values: Any) -> Any:
        obj = create(model)
        state = obj.__dict__
        state.update(base)
        obj._state = ModelState()
        for name, value in values.items():
            if name in plain:
                state[name] = value  # a column (a foreign key by its id): nothing cached to forget
            else:
                setattr(obj, name, value)
        return obj

    return make


@dataclass
class Planned:
    """Rows of new records whose primary keys are taken, to be made (``rows``) and sent (``send``) later.

    Taking the keys is a query; making the rows is Python work only, so it may run while a COPY
    is open (see :func:`copying`), and PostgreSQL stores one table while Python makes the next.
    """

    model: type[models.Model]
    columns: list[str]
    make: Any  # () -> iterator of rows
    done: Any = None  # () -> None, once the rows are stored

    def rows(self) -> list[list[Any]]:
        return list(self.make())

    def send(self, rows: Iterable[Sequence[Any]] | None = None) -> None:
        """Store the rows (made now unless given), then mark the objects saved."""
        connection = connections[router.db_for_write(self.model)]
        _send(self.model, self.columns, self.make() if rows is None else rows, connection)
        if self.done is not None:
            self.done()


def insert(objs: Sequence[models.Model], *, using: str | None = None) -> None:
    """Insert new objects of one model in one statement, setting their primary keys.

    Like ``bulk_create`` (``pre_save`` runs, so blind indexes and ``auto_now`` columns are
    filled; no ``save()``, no signals) but with every row of the batch in one COPY or prepared
    INSERT. Objects from :func:`maker` share the defaults computed once, so a model with a
    per-object callable default (a UUID) must be given that value. Databases other than
    PostgreSQL and SQLite go through ``bulk_create``.
    """
    if not objs:
        return
    model = objs[0].__class__
    alias = using or router.db_for_write(model)
    if connections[alias].vendor not in ("postgresql", "sqlite"):
        model.objects.using(alias).bulk_create(objs, batch_size=1000)
        return
    plan_insert(objs, using=alias).send()


def plan_insert(objs: Sequence[models.Model], *, using: str | None = None) -> Planned:
    """:func:`insert` in two steps: the keys now (set on the objects), the rows when sent.

    PostgreSQL and SQLite only.
    """
    model = objs[0].__class__
    alias = using or router.db_for_write(model)
    connection = connections[alias]
    pk = model._meta.pk
    for obj, key in zip(objs, _allocate(model, len(objs), connection), strict=True):
        setattr(obj, pk.attname, key)
    fields = list(model._meta.concrete_fields)
    now = timezone.now()
    stamped = {
        f.attname for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    }
    # auto_now columns: one time for the whole statement, converted once.
    columns = [_column_value(f, connection, now if f.attname in stamped else None) for f in fields]
    parents = [f for f in fields if f.is_relation and f.many_to_one]

    def rows() -> Iterator[list[Any]]:
        for obj in objs:
            for field in parents:  # a parent saved after it was assigned: take its new key
                if getattr(obj, field.attname) is None and field.is_cached(obj):
                    parent = field.get_cached_value(obj)
                    if parent is not None:
                        setattr(obj, field.attname, parent.pk)
            for attname in stamped:
                setattr(obj, attname, now)
            yield [value(obj) for value in columns]

    def saved() -> None:
        for obj in objs:
            obj._state.adding = False
            obj._state.db = alias

    return Planned(model, [field.column for field in fields], rows, saved)


def insert_values(model: type[models.Model], rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert rows given as {attname: value} (every dict with the same keys); returns their new keys.

    For loading many rows at once (the demo county) without a model instance each: columns not
    given take the model's defaults, computed once; ``auto_now`` columns the time of the call;
    blind indexes are computed from their source column as the field computes them.
    """
    if not rows:
        return []
    from gonghui.core.crypto import BlindIndexField

    connection = connections[router.db_for_write(model)]
    keys = set(rows[0])
    template = model()
    now = timezone.now()
    ids = _allocate(model, len(rows), connection)
    plan: list[tuple[str, Any, Any]] = []  # (what, key or constant, converter)
    for field in model._meta.concrete_fields:
        convert = _converter(field, connection)
        if field.primary_key:
            plan.append(("pk", None, None))
        elif field.attname in keys:
            plan.append(("value", field.attname, convert))
        elif isinstance(field, BlindIndexField) and field.source in keys:
            plan.append(("hash", field.source, field.hash_of))
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            plan.append(("constant", convert(now), None))
        else:
            plan.append(("constant", convert(field.pre_save(template, True)), None))

    def made() -> Iterator[list[Any]]:
        for key, values in zip(ids, rows, strict=True):
            row = []
            for what, name, convert in plan:
                if what == "value":
                    row.append(convert(values[name]))
                elif what == "constant":
                    row.append(name)
                elif what == "hash":
                    source = values[name]
                    row.append(convert(source) if source else None)
                else:
                    row.append(key)
            yield row

    _send(model, [f.column for f in model._meta.concrete_fields], made(), connection)
    return ids


def _allocate(model: type[models.Model], count: int, connection: Any) -> list[int]:
    """``count`` new primary keys from the table's sequence (PostgreSQL) or past its largest (SQLite).

    SQLite transactions here are IMMEDIATE (settings), so nobody else inserts between the read and
    the insert; the AUTOINCREMENT counter is read too, so keys of deleted rows are never reused.
    """
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [connection.ops.quote_name(table), column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        quote = connection.ops.quote_name
        cursor.execute(f"SELECT MAX({quote(column)}) FROM {quote(table)}")
        largest = cursor.fetchone()[0] or 0
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'")
        if cursor.fetchone():
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            largest = max(largest, row[0] if row else 0)
    return list(range(largest + 1, largest + count + 1))


def _constant(value: Any) -> Any:
    return lambda _ignored: value


# Integer columns: their values go to the database as they are.
_IDENTITY_TYPES = (
    models.AutoField,
    models.BigAutoField,
    models.IntegerField,
    models.BigIntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.SmallIntegerField,
)


def _column_value(field: models.Field, connection: Any, stamp: Any) -> Any:
    """``obj → database value`` of one column for :func:`insert`, as ``pre_save`` and the field convert it.

    Most columns are an attribute read as it is (a C ``attrgetter``, no call into the field): a
    wide table costs a function call per column and row otherwise.
    """
    if stamp is not None:
        return _constant(_converter(field, connection)(stamp))
    plain = type(field).pre_save is models.Field.pre_save or (
        isinstance(field, models.DateField)
        and not getattr(field, "auto_now", False)
        and not getattr(field, "auto_now_add", False)
    )
    if plain and (field.is_relation or type(field) in _IDENTITY_TYPES):
        return operator.attrgetter(field.attname)
    convert = _converter(field, connection)
    if plain:
        read = operator.attrgetter(field.attname)
        return lambda obj: convert(read(obj))
    return lambda obj: convert(field.pre_save(obj, True))


def _converter(field: models.Field, connection: Any) -> Any:
    """What the field's ``get_db_prep_save`` does, without its layers for the common plain types."""
    kind = type(field)
    if kind in (models.CharField, models.TextField, models.SlugField):
        return lambda value: value if value is None or type(value) is str else str(value)
    if kind in (models.BooleanField,):
        return lambda value: value if value is None else bool(value)
    if field.is_relation or kind in _IDENTITY_TYPES:
        return lambda value: value
    if kind is models.DateField:
        return connection.ops.adapt_datefield_value
    return lambda value: field.get_db_prep_save(value, connection)


def insert_rows(
    model: type[models.Model], columns: list[str], rows: Iterable[Sequence[Any]], *, pure: bool = False
) -> None:
    """Plain rows of database values into ``model``'s table (COPY, or a prepared INSERT per row).

    ``pure`` says that making the rows never touches the database: then they are made while the
    COPY runs, and PostgreSQL stores each row while Python makes the next.
    """
    if rows:
        _send(model, columns, rows, connections[router.db_for_write(model)], pure=pure)


@contextmanager
def copying(model: type[models.Model], columns: list[str]) -> Iterator[Any]:
    """``write(row)`` into ``model``'s table while the block runs: one COPY open on PostgreSQL.

    The block may do Python work besides writing (make the next table's rows) while PostgreSQL
    stores what was written; any query inside it raises at once, where it would otherwise wait
    for ever on the connection the COPY holds. SQLite collects the rows and inserts them at the
    end of the block.
    """
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    if connection.vendor != "postgresql":
        collected: list[Sequence[Any]] = []
        yield collected.append
        if collected:
            _send(model, columns, collected, connection)
        return
    names = ", ".join(quote(c) for c in columns)
    with (
        connection.cursor() as cursor,
        connection.execute_wrapper(_no_query_during_copy),
        cursor.cursor.copy(f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN") as stream,
    ):
        yield stream.write_row


def _no_query_during_copy(*args: Any) -> Any:
    raise RuntimeError("a query was run while a COPY held the connection")


def _send(
    model: type[models.Model],
    columns: list[str],
    rows: Iterable[Sequence[Any]],
    connection: Any,
    *,
    pure: bool = False,
) -> None:
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and pure:
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        elif connection.vendor == "postgresql":
            # Rows are made a chunk at a time before each COPY opens: a row maker that touches the
            # database (a lazy relation in ``str(obj)``) would otherwise wait on its own connection.
            batches = iter(rows)
            while chunk := list(islice(batches, COPY_CHUNK)):
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in chunk:
                        copy.write_row(row)
        else:
            rows = list(rows)
            if rows:
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


def log_created(objs: Sequence[models.Model], *, user: Any) -> None:
    """One create entry per object written by ``bulk_create`` (their primary keys must be set)."""
    _log([(None, obj) for obj in objs], LogEntry.Action.CREATE, user)


def log_updated(changed: Sequence[tuple[models.Model, models.Model]], *, user: Any) -> None:
    """One update entry per (before, after) pair written by ``bulk_update``."""
    _log(changed, LogEntry.Action.UPDATE, user)


def _plan(model: type[models.Model]) -> list[tuple[str, str, Any]]:
    """(name, attname, mask function or None) of the fields the model's auditlog registration logs."""
    from auditlog.diff import get_mask_function
    from auditlog.registry import auditlog

    if not auditlog.contains(model):
        return []
    options = auditlog.get_model_fields(model)
    include, exclude = set(options["include_fields"]), set(options["exclude_fields"])
    masked = set(options["mask_fields"])
    mask = get_mask_function(options.get("mask_callable"))
    plan = []
    for field in model._meta.concrete_fields:
        if field.primary_key or (include and field.name not in include) or field.name in exclude:
            continue
        plan.append((field.name, field.attname, mask if field.name in masked else None))
    return plan


def _text(value: Any) -> str:
    return "None" if value is None else str(value)


def _log(pairs: Sequence[tuple[models.Model | None, models.Model]], action: int, user: Any) -> None:
    """Log entries built straight from the field values: auditlog's own diff costs a millisecond a row."""
    if pairs:
        plan_log(pairs, action, user).send()


def plan_log(pairs: Sequence[tuple[models.Model | None, models.Model]], action: int, user: Any) -> Planned:
    """The log entries of :func:`log_created` / :func:`log_updated`: keys now, rows when sent.

    The rows read only the objects' values (``str(obj)`` among them), so they may be made while a
    COPY is open only for models whose ``__str__`` reads no relation.
    """
    model = pairs[0][1].__class__
    plan = _plan(model)
    content_type = ContentType.objects.get_for_model(model)
    actor = user if getattr(user, "is_authenticated", False) else None
    remote_addr = current_remote_addr()
    template = LogEntry(
        content_type=content_type,
        action=action,
        changes_text="",
        actor=actor,
        remote_addr=remote_addr,
        timestamp=timezone.now(),
        additional_data={"via": "import"},
    )
    connection = connections[router.db_for_write(LogEntry)]
    fields = list(LogEntry._meta.concrete_fields)
    # Every column but four is the same for the whole batch: converted once.
    row = [_converter(f, connection)(f.pre_save(template, True)) for f in fields]
    at = {f.attname: i for i, f in enumerate(fields)}
    changes_field = LogEntry._meta.get_field("changes")
    ids = _allocate(LogEntry, len(pairs), connection)

    def rows() -> Iterator[list[Any]]:
        for key, (before, obj) in zip(ids, pairs, strict=True):
            entry = list(row)
            entry[at["id"]] = key
            entry[at["object_pk"]] = str(obj.pk)
            entry[at["object_id"]] = obj.pk if isinstance(obj.pk, int) else None
            entry[at["object_repr"]] = str(obj)[:200]
            changes = _changes(plan, before, obj) if before is not None else _created(plan, obj)
            entry[at["changes"]] = changes_field.get_db_prep_save(changes, connection)
            yield entry

    return Planned(LogEntry, [f.column for f in fields], rows)


def _created(plan: list[tuple[str, str, Any]], obj: models.Model) -> dict[str, Any]:
    """What :func:`_changes` gives for a creation (every value set), in fewer steps: it runs once a row."""
    changes = {}
    for name, attname, mask in plan:
        new = getattr(obj, attname)
        if new is None or new == "":
            continue
        text = new if type(new) is str else str(new)
        changes[name] = ["None", mask(text) if mask is not None else text]
    return changes


def _changes(
    plan: list[tuple[str, str, Any]], before: models.Model | None, obj: models.Model
) -> dict[str, Any]:
    """{field: [old, new]} as text, masked where the registration masks; a creation lists what it set."""
    changes = {}
    for name, attname, mask in plan:
        new = getattr(obj, attname)
        old = getattr(before, attname) if before is not None else None
        if old == new or (before is None and new in (None, "")):
            continue
        old_text, new_text = _text(old), _text(new)
        if mask is not None:
            old_text = mask(old_text) if old is not None else old_text
            new_text = mask(new_text) if new is not None else new_text
        changes[name] = [old_text, new_text]
    return changes
