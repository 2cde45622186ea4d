"""Reads of the search index: ranked, filtered, paged full-text search."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .backends import SearchFilters, backend_for
from .models import SearchEntry
from .tokenize import query_words

PER_PAGE = 20
MAX_QUERY_CHARS = 100
MAX_QUERY_WORDS = 12
MAX_PAGE = 500
COUNT_LIMIT = PER_PAGE * MAX_PAGE  # beyond the last page that can be opened, "more than" is enough


@dataclass(frozen=True)
class SearchHit:
    document_id: int
    title: str
    agency_id: int
    column_id: int | None
    issuing_body: str
    validity: str
    published_on: date
    score: float


@dataclass(frozen=True)
class SearchResults:
    query: str
    words: list[str]
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    per_page: int = PER_PAGE
    count_limit: int | None = COUNT_LIMIT

    @property
    def more_than_limit(self) -> bool:
        """``total`` stopped counting at ``count_limit`` + 1: there are more than ``count_limit`` hits."""
        return self.count_limit is not None and self.total > self.count_limit

    @property
    def num_pages(self) -> int:
        shown = min(self.total, self.count_limit) if self.count_limit is not None else self.total
        return max(1, min(MAX_PAGE, -(-shown // self.per_page)))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def first_index(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.hits else 0

    @property
    def last_index(self) -> int:
        return self.first_index + len(self.hits) - 1 if self.hits else 0

    @property
    def document_ids(self) -> list[int]:
        return [hit.document_id for hit in self.hits]


def search(
    query: str,
    *,
    agency_id: int | None = None,
    column_ids: tuple[int, ...] | list[int] = (),
    year: int | None = None,
    issuing_body: str = "",
    validity: str = "",
    page: int = 1,
    per_page: int = PER_PAGE,
    count_limit: int | None = COUNT_LIMIT,
) -> SearchResults:
    """Published documents holding every word of ``query``, best first, one page of them.

    ``total`` counts up to ``count_limit`` + 1 (``more_than_limit`` tells); ``None`` counts all.
    """
    query = (query or "").strip()[:MAX_QUERY_CHARS]
    words = query_words(query)[:MAX_QUERY_WORDS]
    page = min(max(1, int(page)), MAX_PAGE)
    if not words:
        return SearchResults(query=query, words=words, page=page, per_page=per_page, count_limit=count_limit)
    filters = SearchFilters(
        agency_id=agency_id,
        column_ids=tuple(column_ids),
        year=year,
        issuing_body=issuing_body or "",
        validity=validity or "",
    )
    ranked = backend_for().search(words, filters, limit=per_page, offset=(page - 1) * per_page, count_limit=count_limit)
    entries = SearchEntry.objects.in_bulk(ranked.document_ids, field_name="document_id")
    hits = [
        SearchHit(
            document_id=entry.document_id,
            title=entry.title,
            agency_id=entry.agency_id,
            column_id=entry.column_id,
            issuing_body=entry.issuing_body,
            validity=entry.validity,
            published_on=entry.published_on,
            score=score,
        )
        for document_id, score in zip(ranked.document_ids, ranked.scores, strict=True)
        if (entry := entries.get(document_id)) is not None
    ]
    return SearchResults(
        query=query,
        words=words,
        hits=hits,
        total=ranked.total,
        page=page,
        per_page=per_page,
        count_limit=count_limit,
    )


def search_document_ids(query: str, **filters) -> list[int]:
    """Every matching document id, in rank order (tests and tools; the portal pages through ``search``)."""
    words = query_words(query)
    if not words:
        return []
    ranked = backend_for().search(words, SearchFilters(**filters), limit=1_000_000, offset=0)
    return ranked.document_ids


def filter_choices(*, agency_id: int | None = None) -> dict[str, list]:
    """Years and issuing bodies present in the index, for the search form's filters."""
    entries = SearchEntry.objects.all()
    if agency_id is not None:
        entries = entries.filter(agency_id=agency_id)
    years = sorted(set(entries.values_list("year", flat=True).distinct()), reverse=True)
    bodies = sorted(set(entries.exclude(issuing_body="").values_list("issuing_body", flat=True).distinct()))
    return {"years": years, "issuing_bodies": bodies}
