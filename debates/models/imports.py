"""Import jobs: each upload, each file imported, and a job's state (:mod:`debates.importers.jobs`)."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import TimeStamped


class ImportJobQuerySet(models.QuerySet):
    def interrupted(self, lease: datetime.timedelta) -> ImportJobQuerySet:
        """Running jobs whose worker has not been heard from within ``lease``: it has died."""
        return self.filter(status=ImportJob.Status.RUNNING, heartbeat__lt=timezone.now() - lease)


class ImportJob(TimeStamped):
    """One run of the importer over one or more files, with its outcome and report."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        DONE_WITH_ERRORS = "errors", _("Done, some files failed")
        FAILED = "failed", _("Failed")

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    started_by = models.ForeignKey(
        "auth.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    files_total = models.PositiveIntegerField(default=0)
    files_done = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict, blank=True, help_text=_("Files by outcome."))
    report = models.TextField(blank=True, help_text=_("What happened to the job itself (not its files)."))
    report_bytes = models.PositiveIntegerField(default=0, help_text=_("Size of the files' reports kept."))
    worker = models.CharField(max_length=100, blank=True, help_text=_("The worker running the job."))
    heartbeat = models.DateTimeField(
        null=True, blank=True, help_text=_("When its worker was last heard from.")
    )
    attempts = models.PositiveIntegerField(default=0, help_text=_("How many times a worker has started it."))
    task_id = models.CharField(max_length=64, blank=True, help_text=_("The queued task that runs it."))

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"Import #{self.pk} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.DONE_WITH_ERRORS, self.Status.FAILED)

    def report_size(self) -> int:
        """Bytes of report text the job keeps (its own notes and its files')."""
        return len(self.report) + self.report_bytes

    def full_report(self) -> str:
        """The job's notes, then each file's report in the order the files were imported."""
        parts = [self.report] if self.report else []
        parts += self.files.order_by("pk").values_list("report", flat=True)
        return "\n\n".join(parts)


class ImportUpload(models.Model):
    """A file uploaded for a job, kept on disk until the job is done."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="uploads")
    name = models.CharField(max_length=255)
    file = models.FileField(upload_to="imports/", max_length=255)
    size = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["job", "pk"]

    def __str__(self) -> str:
        return self.name


class ImportFile(models.Model):
    """One file a job imported (a plain upload, or one entry of a zip), and what became of it.

    A file has a row exactly when its import committed or its failure was recorded: that is how
    a resumed job knows what is done.
    """

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="files")
    key = models.CharField(max_length=600, help_text=_("The same for this file in every run of the job."))
    name = models.CharField(max_length=600)
    status = models.CharField(max_length=10)
    report = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["job", "pk"]
        constraints = [models.UniqueConstraint(fields=["job", "key"], name="one_record_per_file_of_a_job")]

    def __str__(self) -> str:
        return f"{self.name}: {self.status}"


class DeferredIndex(models.Model):
    """An index a bulk load dropped, to be built again when it ends (``import_files --bulk``,
    :mod:`debates.importers.write.deferred_indexes`). A row left here means a load was stopped
    before it could build the index: the next import builds it."""

    name = models.CharField(max_length=63, unique=True)
    definition = models.TextField(help_text=_("The CREATE INDEX statement that builds it again."))
    deferred = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.name
