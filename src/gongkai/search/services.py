"""Writes to the search index. The disclosure services call these; nothing else writes the index.

``index_document(document)`` puts a published document in the index (or takes
an unpublished one out); ``remove_document(document_id)`` takes it out, e.g.
when it is withdrawn. Both join the caller's transaction, so a document and its
index entry change together. ``reindex_documents`` rebuilds the whole index
(``manage.py reindex``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from .backends import backend_for
from .models import SearchEntry
from .tokenize import segment

PUBLISHED = "published"  # gongkai.disclosure.models.DocumentStatus.PUBLISHED


@dataclass(frozen=True)
class IndexItem:
    """What the index needs to know of one document."""

    document_id: int
    agency_id: int
    title: str
    body_text: str
    published_on: date
    column_id: int | None = None
    issuing_body: str = ""
    validity: str = ""
    extra_title: str = ""  # 文号 and 索引号: searchable with the title's weight, not shown

    def entry_fields(self) -> dict:
        return {
            "agency_id": self.agency_id,
            "column_id": self.column_id,
            "title": self.title[:500],
            "issuing_body": self.issuing_body[:200],
            "validity": self.validity[:32],
            "published_on": self.published_on,
            "year": self.published_on.year,
            "title_segmented": segment(f"{self.title} {self.extra_title}"),
            "body_segmented": segment(self.body_text),
        }


def item_for_document(document) -> IndexItem:
    """Read a disclosure document (``gongkai.disclosure.models.Document``) into an index item."""
    from gongkai.disclosure.sanitize import plain_text

    validity = getattr(document, "validity", "") or ""
    return IndexItem(
        document_id=document.pk,
        agency_id=document.agency_id,
        title=document.title,
        body_text=plain_text(getattr(document, "body", "") or ""),
        published_on=document.published_on,
        column_id=getattr(document, "column_id", None),
        issuing_body=getattr(document, "issuing_body", "") or "",
        validity=str(validity),
        extra_title=" ".join(
            str(value)
            for value in (getattr(document, "document_number", ""), getattr(document, "index_number", ""))
            if value
        ),
    )


def is_searchable(document) -> bool:
    return str(getattr(document, "status", "")) == PUBLISHED and getattr(document, "published_on", None) is not None


def index_document(document) -> SearchEntry | None:
    """Index ``document`` if it is published; otherwise make sure it is not in the index."""
    if not is_searchable(document):
        remove_document(document.pk)
        return None
    return index_item(item_for_document(document))


@transaction.atomic
def index_item(item: IndexItem) -> SearchEntry:
    backend = backend_for()
    fields = item.entry_fields()
    entry = SearchEntry.objects.select_for_update().filter(document_id=item.document_id).first()
    if entry is None:
        entry = SearchEntry.objects.create(document_id=item.document_id, **fields)
    else:
        backend.discard(entry.pk, entry.title_segmented, entry.body_segmented)
        for name, value in fields.items():
            setattr(entry, name, value)
        entry.save()
    backend.add(entry.pk, entry.title_segmented, entry.body_segmented)
    return entry


@transaction.atomic
def remove_document(document_id: int) -> bool:
    """Take a document out of the index. True if it was there."""
    entry = SearchEntry.objects.select_for_update().filter(document_id=document_id).first()
    if entry is None:
        return False
    backend_for().discard(entry.pk, entry.title_segmented, entry.body_segmented)
    entry.delete()
    return True


@transaction.atomic
def index_items_bulk(items: Iterable[IndexItem], *, batch_size: int = 2000) -> int:
    """Add many new entries at once (documents not yet indexed), then rebuild the full-text index."""
    count = 0
    batch: list[SearchEntry] = []
    for item in items:
        batch.append(SearchEntry(document_id=item.document_id, **item.entry_fields()))
        if len(batch) >= batch_size:
            SearchEntry.objects.bulk_create(batch)
            count += len(batch)
            batch = []
    if batch:
        SearchEntry.objects.bulk_create(batch)
        count += len(batch)
    backend = backend_for()
    backend.rebuild()
    return count


@transaction.atomic
def reindex_documents(documents: Iterable, *, agency_code: str | None = None) -> int:
    """Empty the index (or one agency's part of it) and fill it again from ``documents``.

    Only published documents are indexed, whatever ``documents`` holds.
    """
    entries = SearchEntry.objects.all()
    if agency_code:
        entries = entries.filter(agency__code=agency_code)
    entries.delete()  # index_items_bulk rebuilds the full-text index from the entries left
    return index_items_bulk(item_for_document(document) for document in documents if is_searchable(document))
