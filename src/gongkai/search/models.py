"""The search index: one entry per published document.

An entry is a cache derived from a published document, written only by
``search.services`` (and rebuilt by ``manage.py reindex``). The full-text part
lives outside Django's model, created by migration 0001 for the database in use:

* SQLite: the FTS5 table ``search_fts`` (external content = this table's
  ``title_segmented`` and ``body_segmented``, ``unicode61`` tokenizer over
  jieba-segmented text), maintained by ``backends.sqlite_fts5``;
* PostgreSQL: the generated column ``search_vector`` (title weight A, body
  weight B, ``simple`` configuration) with a GIN index, and a pg_trgm index on
  ``title`` when the extension can be created.

The filter fields are copied from the document so a search needs no join.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    document_id = models.BigIntegerField(_("文件"), unique=True)
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("机关"), on_delete=models.CASCADE, related_name="search_entries"
    )
    column_id = models.BigIntegerField(_("栏目"), null=True, blank=True)
    title = models.CharField(_("标题"), max_length=500)
    issuing_body = models.CharField(_("发布机构"), max_length=200, blank=True)
    validity = models.CharField(_("有效性"), max_length=32, blank=True)
    published_on = models.DateField(_("发布日期"))
    year = models.PositiveSmallIntegerField(_("发布年度"))
    title_segmented = models.TextField(_("标题分词"))
    body_segmented = models.TextField(_("正文分词"), blank=True)
    indexed_at = models.DateTimeField(_("索引时间"), auto_now=True)

    class Meta:
        verbose_name = _("检索条目")
        verbose_name_plural = _("检索条目")
        indexes = [
            models.Index(fields=["agency", "year"], name="search_entry_agency_year"),
            models.Index(fields=["published_on"], name="search_entry_published_on"),
        ]

    def __str__(self) -> str:
        return self.title
