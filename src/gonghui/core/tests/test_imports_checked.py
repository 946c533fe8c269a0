"""The cleaned rows a validation keeps for its commit (``core.imports.checked``) and the cleaners' memo."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from gonghui.core.imports import checked, engine, services
from gonghui.core.models import ImportJob
from gonghui.core.tests.imports_support import TITLE, make_id, xlsx_file
from gonghui.orgs.models import ServicePoint

ID1 = make_id("19900101", 123)
ID2 = make_id("19850615", 224)
HEADER = ["序号", "名字", "公民身份号码", "性别"]


pytestmark = pytest.mark.usefixtures("import_media", "english")


def _validated(county, *rows):
    file = xlsx_file([HEADER, *rows], start_row=2, title=TITLE)
    return services.import_start(by=county.user("township1"), kind="test-members", file=file)


def _stored(job):
    return job.file.storage.exists(checked.name_of(job))


def _points(county):
    return ServicePoint.objects.filter(org=county.township1, kind="point").exclude(address="")


def test_the_commit_uses_the_rows_as_the_validation_cleaned_them(county, members, monkeypatch):
    job = _validated(county, [1, "张三", ID1, "男"], [2, "李四", ID2, "女"])
    assert job.state == ImportJob.State.VALIDATED and _stored(job)

    def no_second_cleaning(value):
        raise AssertionError("the commit cleaned a cell again")

    monkeypatch.setattr(engine.Checker, "clean", no_second_cleaning)
    job = services.import_commit(by=county.user("township1"), job=job)
    assert (job.state, job.created) == (ImportJob.State.COMMITTED, 2)
    assert sorted(_points(county).values_list("address", flat=True)) == sorted([ID1, ID2])


def test_the_commit_still_checks_the_database_again(county, members):
    """A row whose record another import created in between is an update, not a second record."""
    job = _validated(county, [1, "张三", ID1, "男"])
    other = _validated(county, [1, "张三", ID1, "男"])
    services.import_commit(by=county.user("township1"), job=other)
    job = services.import_commit(by=county.user("township1"), job=job)
    assert (job.created, job.unchanged) == (0, 1)
    assert _points(county).count() == 1


def test_the_kept_rows_are_deleted_with_the_commit_and_by_the_purge(county, members):
    job = _validated(county, [1, "张三", ID1, "男"])
    name = checked.name_of(job)
    storage = job.file.storage
    services.import_commit(by=county.user("township1"), job=job)
    assert not storage.exists(name)

    job = _validated(county, [1, "张三", ID1, "男"], [2, "", ID2, "女"])  # a bad row: the file is kept
    name = checked.name_of(job)
    assert storage.exists(name)
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - datetime.timedelta(days=30))
    assert services.purge_import_files() == 1
    assert not storage.exists(name)


def test_kept_rows_of_another_mapping_are_not_used(county, members, monkeypatch):
    job = _validated(county, [1, "张三", ID1, "男"])
    job.mapping = {**job.mapping, "3": ""}  # sex no longer read: the kept rows no longer fit
    job.save()
    assert checked.batches(job) is None
    job = services.import_commit(by=county.user("township1"), job=job)
    assert job.created == 1


def _rewrite(job, change):
    path = job.file.storage.path(checked.name_of(job))
    with open(path, "rb") as handle:
        data = change(handle.read())
    with open(path, "wb") as handle:
        handle.write(data)


def _flip_last_byte(data):
    return data[:-1] + bytes([data[-1] ^ 0xFF])


@pytest.mark.parametrize(
    "change",
    [
        _flip_last_byte,  # a changed byte
        lambda data: data[: len(data) // 2],  # cut short
        lambda data: data + data[-60:],  # something appended
    ],
)
def test_kept_rows_that_were_changed_are_not_trusted_and_the_file_is_read_again(county, members, change):
    job = _validated(county, [1, "张三", ID1, "男"], [2, "李四", ID2, "女"])
    _rewrite(job, change)
    assert checked.batches(job) is None
    job = services.import_commit(by=county.user("township1"), job=job)
    assert (job.state, job.created) == (ImportJob.State.COMMITTED, 2)


def test_kept_rows_of_another_job_are_not_trusted(county, members):
    first = _validated(county, [1, "张三", ID1, "男"])
    second = _validated(county, [1, "李四", ID2, "女"])
    with open(first.file.storage.path(checked.name_of(first)), "rb") as handle:
        other = handle.read()
    _rewrite(second, lambda _data: other)
    assert checked.batches(second) is None
    services.import_commit(by=county.user("township1"), job=second)
    assert list(_points(county).values_list("address", flat=True)) == [ID2]


def test_kept_rows_changed_while_the_commit_reads_them_stop_it_and_nothing_is_imported(
    county, members, monkeypatch
):
    job = _validated(county, [1, "张三", ID1, "男"])
    read = checked.batches(job)
    _rewrite(job, _flip_last_byte)  # after the check, before the reading
    monkeypatch.setattr(checked, "batches", lambda _job: read)
    job = services.import_commit(by=county.user("township1"), job=job)
    assert job.state == ImportJob.State.FAILED and "changed during the import" in job.message
    assert not _points(county).exists()


def test_a_repeating_column_is_cleaned_once_per_value():
    calls = []

    def cleaner(value):
        calls.append(value)
        if value == "?":
            raise engine.DomainError("bad")
        return value.upper()

    memo = engine._Memo(cleaner)
    answers = [memo.clean(v) for v in ["a", "b", "a", "?", "a", "?"]]
    assert answers == [("A", None), ("B", None), ("A", None), (None, "bad"), ("A", None), (None, "bad")]
    assert calls == ["a", "b", "?"]


def test_equal_cells_of_different_types_are_cleaned_apart():
    memo = engine._Memo(lambda value: type(value).__name__)
    assert [memo.clean(v)[0] for v in (1, 1.0, True)] == ["int", "float", "bool"]


def test_a_column_that_does_not_repeat_stops_being_remembered():
    memo = engine._Memo(str)
    for number in range(engine._Memo.TRIAL + 10):
        memo.clean(number)
    assert memo.answers is None
    assert memo.clean(5) == ("5", None)


def test_a_column_that_repeats_stays_remembered_past_the_trial():
    memo = engine._Memo(str)
    for number in range(engine._Memo.TRIAL * 2):
        memo.clean(number % 300)
    assert memo.answers is not None and len(memo.answers) == 300
