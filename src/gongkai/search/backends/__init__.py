"""Full-text backends: one per database vendor, chosen by ``connection.vendor``.

A backend answers one question — which documents hold every query word, ranked,
one page at a time — over ``search_searchentry`` and the full-text index that
migration 0002 created beside it; ``SearchFilters`` narrow it down on the
entry's own columns.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import connections


@dataclass(frozen=True)
class SearchFilters:
    agency_id: int | None = None
    column_ids: tuple[int, ...] = ()
    year: int | None = None
    issuing_body: str = ""
    validity: str = ""

    def where(self, alias: str = "e") -> tuple[list[str], list]:
        """SQL conditions on the entry table (aliased ``alias``) and their parameters."""
        conditions: list[str] = []
        params: list = []
        if self.agency_id is not None:
            conditions.append(f"{alias}.agency_id = %s")
            params.append(self.agency_id)
        if self.column_ids:
            conditions.append(f"{alias}.column_id IN ({', '.join(['%s'] * len(self.column_ids))})")
            params.extend(self.column_ids)
        if self.year is not None:
            conditions.append(f"{alias}.year = %s")
            params.append(self.year)
        if self.issuing_body:
            conditions.append(f"{alias}.issuing_body = %s")
            params.append(self.issuing_body)
        if self.validity:
            conditions.append(f"{alias}.validity = %s")
            params.append(self.validity)
        return conditions, params


@dataclass(frozen=True)
class RankedPage:
    document_ids: list[int]
    scores: list[float]
    total: int  # at most count_limit + 1: "more than count_limit"


def count(cursor, select: str, params: list, count_limit: int | None) -> int:
    """How many rows ``select`` gives, counting no further than ``count_limit + 1``.

    Counting every match of a very common word costs as much as ranking them; past the
    last page anyone can open, the exact number tells nobody anything.
    """
    if count_limit is None:
        cursor.execute(f"SELECT count(*) FROM ({select}) AS matches", params)
    else:
        cursor.execute(f"SELECT count(*) FROM ({select} LIMIT %s) AS matches", [*params, count_limit + 1])
    return cursor.fetchone()[0]


def backend_for(using: str = "default"):
    vendor = connections[using].vendor
    if vendor == "sqlite":
        from . import sqlite_fts5

        return sqlite_fts5
    if vendor == "postgresql":
        from . import postgres

        return postgres
    raise ImproperlyConfigured(f"全文检索不支持 {vendor} 数据库（支持 SQLite 与 PostgreSQL）")
