"""The cleaned rows of a validation, kept beside the uploaded file so the commit need not clean them again.

Cleaning every cell (ID numbers, dates, code lists) is most of a validation's work, and the
result cannot change between the check and the commit: the file and its column mapping are fixed
once a job is validated (a new mapping means a new validation, which writes this again). So the
validation writes each batch as it was cleaned, before any check against the database, and the
commit reads the batches back and runs only those checks again (in-file duplicates, registered
records, scope), under its locks.

The rows hold what the file holds (ID numbers in clear), so they live where the file lives, are
deleted with it (:func:`discard`), and are signed block by block for this job and each block's
place: a stored file that was changed, cut short or put together from others is not trusted, and
the commit reads the uploaded file itself instead.
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
from django.utils.translation import gettext_lazy as _

from gonghui.core.errors import DomainError
from gonghui.core.imports.spec import Row
from gonghui.core.models import ImportJob

SUFFIX = ".rows"
VERSION = 2  # raise when the cleaners change what they return: older kept rows are then cleaned again
_SALT = "gonghui.imports.checked"
_HEAD = struct.Struct(">II32s")  # block number, length of the compressed block, HMAC-SHA256
_END = 0xFFFFFFFF  # the number of the last block, which holds how many batches came before it


def name_of(job: ImportJob) -> str:
    return f"{job.file.name}{SUFFIX}"


def _stamp(job: ImportJob) -> bytes:
    """What the rows were cleaned under: the kind of import, the file and its mapping."""
    mapping = sorted((str(k), str(v)) for k, v in (job.mapping or {}).items())
    return pickle.dumps(
        (VERSION, job.kind, job.file.name, job.header_row, mapping), protocol=pickle.HIGHEST_PROTOCOL
    )


def _sign(stamp: bytes, number: int, blob: bytes) -> bytes:
    """The block's signature binds it to its job (the stamp) and its place, so none can be swapped."""
    return salted_hmac(_SALT, stamp + struct.pack(">I", number) + blob, algorithm="sha256").digest()


class Writer:
    """Appends batches of cleaned rows to a temporary file, stored at the end of the validation."""

    def __init__(self, handle: Any, stamp: bytes) -> None:
        self.handle, self.stamp, self.count = handle, stamp, 0

    def add(self, batch: list[Row]) -> None:
        rows = [(r.number, r.values, list(r.errors), list(r.warnings)) for r in batch]
        self.count += 1
        self._block(self.count, pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL))

    def finish(self) -> None:
        self._block(_END, struct.pack(">I", self.count))

    def _block(self, number: int, raw: bytes) -> None:
        blob = zlib.compress(raw, 1)
        self.handle.write(_HEAD.pack(number, len(blob), _sign(self.stamp, number, blob)))
        self.handle.write(blob)


@contextmanager
def writing(job: ImportJob) -> Iterator[Writer]:
    """A :class:`Writer`; the rows are stored only when the block ends without an error."""
    discard(job)
    stamp = _stamp(job)
    with tempfile.TemporaryFile() as handle:
        writer = Writer(handle, stamp)
        yield writer
        writer.finish()
        handle.seek(0)
        job.file.storage.save(name_of(job), File(handle))


def batches(job: ImportJob) -> Iterator[list[Row]] | None:
    """The stored batches, or None when there are none to trust: then the commit reads the file again.

    The whole file is checked first (every block signed for this job and in its place, none
    missing, the last one counting them), so a changed, cut or mixed file is never half used.
    """
    if not job.file or not job.file.storage.exists(name_of(job)):
        return None
    stamp = _stamp(job)
    with job.file.storage.open(name_of(job), "rb") as handle:
        try:
            for _raw in _blocks(handle, stamp):
                pass
        except ValueError:
            return None
    return _rows(job, stamp)


def _rows(job: ImportJob, stamp: bytes) -> Iterator[list[Row]]:
    with job.file.storage.open(name_of(job), "rb") as handle:
        try:
            for raw in _blocks(handle, stamp):
                yield [Row(n, values, errors, warnings) for n, values, errors, warnings in pickle.loads(raw)]
        except ValueError:  # changed since it was checked a moment ago: the commit rolls back
            raise DomainError(
                _("The checked rows changed during the import; nothing was imported. Check the file again.")
            ) from None


def _blocks(handle: Any, stamp: bytes) -> Iterator[bytes]:
    """The batches' raw bytes in order; ``ValueError`` unless the file is whole and this job's."""
    expected = 1
    while True:
        head = handle.read(_HEAD.size)
        if len(head) != _HEAD.size:
            raise ValueError("the kept rows end without their last block")
        number, length, signature = _HEAD.unpack(head)
        blob = handle.read(length)
        if len(blob) != length or not hmac.compare_digest(signature, _sign(stamp, number, blob)):
            raise ValueError("the kept rows do not match their signature")
        raw = zlib.decompress(blob)
        if number == _END:
            if struct.unpack(">I", raw)[0] != expected - 1 or handle.read(1):
                raise ValueError("the kept rows are not all there")
            return
        if number != expected:
            raise ValueError("the kept rows are out of order")
        expected += 1
        yield raw


def discard(job: ImportJob) -> None:
    """Delete the stored rows (with the file, or before a new validation)."""
    if job.file and job.file.storage.exists(name_of(job)):
        job.file.storage.delete(name_of(job))
