"""Base models shared by every domain app, and background-task progress."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStamped(models.Model):
    """Creation and change times; who changed what lives in the audit log."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class OrgOwned(TimeStamped):
    """A row owned by an organisation: the unit of scoping.

    Every staff read of such a row goes through ``gonghui.accounts.scoping.visible_to``; a large
    table keeps its organisation so it can be sharded by organisation root later.
    """

    org = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
        db_index=True,
    )

    scope_field = "org"

    class Meta:
        abstract = True


class TaskProgress(models.Model):
    """How far a background task has got, for pages to poll (imports, bulk disbursements, reports)."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    key = models.CharField(_("key"), max_length=64, unique=True)
    label = models.CharField(_("task"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("started by")
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    total = models.PositiveIntegerField(_("total"), default=0)
    done = models.PositiveIntegerField(_("done"), default=0)
    message = models.TextField(_("message"), blank=True)
    result_url = models.CharField(_("result"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("task progress")
        verbose_name_plural = _("task progress")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.label} ({self.done}/{self.total})"

    @property
    def percent(self) -> int:
        """Whole percent done; a task with no known total shows 0 until it ends."""
        if self.state == self.State.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, int(self.done * 100 / self.total))

    @property
    def finished(self) -> bool:
        return self.state in {self.State.DONE, self.State.FAILED}


def import_file_path(instance: ImportJob, filename: str) -> str:
    """A random name under ``imports/``: the original name may carry a person's name and stays in the row."""
    import os
    import uuid

    ext = os.path.splitext(filename)[1].lower()[:8]
    return f"imports/{uuid.uuid4().hex}{ext}"


class ImportJob(OrgOwned):
    """One spreadsheet imported into a register: its file, column mapping, validation report and outcome.

    The file may hold ID numbers and phones: it is stored under ``MEDIA_ROOT/imports/`` with a
    random name, no URL serves ``MEDIA_ROOT``, and it is deleted when the job is committed with no
    bad rows left (nothing more to report) or, otherwise, by ``manage.py purge_import_files``
    after ``GONGHUI_IMPORT_FILE_DAYS`` days (default 7). ``org`` is the organisation imported
    into; jobs are seen by whoever holds the kind's import permission over it.
    """

    class State(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded: check the columns")
        MAPPED = "mapped", _("Columns mapped")
        VALIDATING = "validating", _("Checking rows")
        VALIDATED = "validated", _("Checked")
        COMMITTING = "committing", _("Importing")
        COMMITTED = "committed", _("Imported")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind of import"), max_length=40, db_index=True)
    file = models.FileField(_("file"), upload_to=import_file_path, max_length=200, blank=True)
    original_name = models.CharField(_("file name"), max_length=255)
    file_format = models.CharField(_("format"), max_length=8)
    encoding = models.CharField(_("text encoding"), max_length=20, blank=True)
    language = models.CharField(_("language of the report"), max_length=10, default="zh-hans")
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.UPLOADED)
    header_row = models.PositiveIntegerField(_("header row"), default=0)
    headers = models.JSONField(_("column headers"), default=list, blank=True)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    valid = models.PositiveIntegerField(_("valid rows"), default=0)
    invalid = models.PositiveIntegerField(_("rows with errors"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    report = models.JSONField(_("report"), default=dict, blank=True)
    message = models.TextField(_("message"), blank=True)
    take_good_rows = models.BooleanField(_("good rows only"), default=False)
    progress = models.ForeignKey(
        TaskProgress,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("progress"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("imported by")
    )
    committed_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["created_by", "-created_at"], name="core_importjob_by_user")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    state__in=[
                        "uploaded",
                        "mapped",
                        "validating",
                        "validated",
                        "committing",
                        "committed",
                        "failed",
                    ]
                ),
                name="%(app_label)s_%(class)s_known_state",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.original_name}"

    @property
    def is_busy(self) -> bool:
        return self.state in {self.State.VALIDATING, self.State.COMMITTING}
