"""The cleaned rows of a validation, kept beside the uploaded file so the commit need not clean them again.

Cleaning every cell (ID numbers, dates, code lists) is most of a validation's work, and the
result cannot change between the check and the commit: the file and its column mapping are fixed
once a job is validated (a new mapping means a new validation, which writes this again). So the
validation writes each batch as it was cleaned, before any check against the database, and the
commit reads the batches back and runs only those checks again (in-file duplicates, registered
records, scope), under its locks.

The rows hold what the file holds (ID numbers in clear), so they live where the file lives, are
deleted with it (:func:`discard`), and are signed: a stored batch that was changed or cut short
is not trusted, and the commit reads the file itself instead.
"""

from __future__ import annotations

import hmac
import pickle
import struct
import tempfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.files import File
from django.utils.crypto import salted_hmac

from gonghui.core.imports.spec import Row
from gonghui.core.models import ImportJob

SUFFIX = ".rows"
_SALT = "gonghui.imports.checked"
_HEAD = struct.Struct(">I32s")  # length of the compressed batch, its HMAC-SHA256


def name_of(job: ImportJob) -> str:
    return f"{job.file.name}{SUFFIX}"


def _stamp(job: ImportJob) -> bytes:
    """What the rows were cleaned under: the file and its mapping."""
    mapping = sorted((str(k), str(v)) for k, v in (job.mapping or {}).items())
    return pickle.dumps((job.file.name, job.header_row, mapping), protocol=pickle.HIGHEST_PROTOCOL)


def _sign(blob: bytes) -> bytes:
    return salted_hmac(_SALT, blob, algorithm="sha256").digest()


class Writer:
    """Appends batches of cleaned rows to a temporary file, stored at the end of the validation."""

    def __init__(self, handle: Any) -> None:
        self.handle = handle

    def add(self, batch: list[Row]) -> None:
        rows = [(r.number, r.values, list(r.errors), list(r.warnings)) for r in batch]
        self._block(pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL))

    def _block(self, raw: bytes) -> None:
        blob = zlib.compress(raw, 1)
        self.handle.write(_HEAD.pack(len(blob), _sign(blob)))
        self.handle.write(blob)


@contextmanager
def writing(job: ImportJob) -> Iterator[Writer]:
    """A :class:`Writer`; the rows are stored only when the block ends without an error."""
    discard(job)
    with tempfile.TemporaryFile() as handle:
        writer = Writer(handle)
        writer._block(_stamp(job))
        yield writer
        handle.seek(0)
        job.file.storage.save(name_of(job), File(handle))


def batches(job: ImportJob) -> Iterator[list[Row]] | None:
    """The stored batches, or None when there are none to trust (then read the file again).

    A batch that fails its signature stops the reading with ``ValueError``; the commit rolls
    back and fails, so nothing half-checked is written.
    """
    if not job.file or not job.file.storage.exists(name_of(job)):
        return None
    handle = job.file.storage.open(name_of(job), "rb")
    try:
        if _read_block(handle) != _stamp(job):
            handle.close()
            return None
    except ValueError:
        handle.close()
        return None
    return _rows(handle)


def _rows(handle: Any) -> Iterator[list[Row]]:
    with handle:
        while (raw := _read_block(handle)) is not None:
            yield [
                Row(number, values, errors, warnings)
                for number, values, errors, warnings in pickle.loads(raw)
            ]


def _read_block(handle: Any) -> bytes | None:
    head = handle.read(_HEAD.size)
    if not head:
        return None
    if len(head) != _HEAD.size:
        raise ValueError("the checked rows are cut short")
    length, signature = _HEAD.unpack(head)
    blob = handle.read(length)
    if len(blob) != length or not hmac.compare_digest(signature, _sign(blob)):
        raise ValueError("the checked rows do not match their signature")
    return zlib.decompress(blob)


def discard(job: ImportJob) -> None:
    """Delete the stored rows (with the file, or before a new validation)."""
    if job.file and job.file.storage.exists(name_of(job)):
        job.file.storage.delete(name_of(job))
