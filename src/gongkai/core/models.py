"""Model bases shared by the apps."""

from __future__ import annotations

from django.db import models


class AppendOnlyError(RuntimeError):
    """A row of an append-only history was about to be changed or deleted."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model._meta.verbose_name_raw} rows are append-only")

    def delete(self):
        raise AppendOnlyError(f"{self.model._meta.verbose_name_raw} rows are append-only")


class AppendOnlyModel(models.Model):
    """A history that is only ever added to: the steps of a request, the audit
    trail, issued letters, document revisions. Saving an existing row or deleting
    one raises, in Python and through the queryset alike."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(f"{self._meta.verbose_name_raw} rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{self._meta.verbose_name_raw} rows are append-only")
