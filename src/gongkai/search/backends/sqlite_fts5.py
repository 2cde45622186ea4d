"""SQLite: FTS5 over jieba-segmented text, ranked by BM25 with the title weighted above the body.

``search_fts`` is an external-content FTS5 table over ``search_searchentry``:
the words are stored once (in the entry), the index is told of every insert and
delete with the exact text (FTS5's ``'delete'`` command needs the old values).
"""

from __future__ import annotations

from django.db import connections

from . import RankedPage, SearchFilters, count

TABLE = "search_fts"
# bm25() weights per FTS column: title_segmented, body_segmented.
TITLE_WEIGHT = 10.0
BODY_WEIGHT = 1.0


def match_expression(words: list[str]) -> str:
    """Every word, each as an FTS5 phrase (words are runs of letters and digits: no quote can occur)."""
    return " AND ".join(f'"{word}"' for word in words)


def add(entry_id: int, title_segmented: str, body_segmented: str, *, using: str = "default") -> None:
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE}(rowid, title_segmented, body_segmented) VALUES (%s, %s, %s)",
            [entry_id, title_segmented, body_segmented],
        )


def discard(entry_id: int, title_segmented: str, body_segmented: str, *, using: str = "default") -> None:
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE}({TABLE}, rowid, title_segmented, body_segmented) VALUES ('delete', %s, %s, %s)",
            [entry_id, title_segmented, body_segmented],
        )


def rebuild(*, using: str = "default") -> None:
    """Re-read every entry into the index (after bulk writes to the entry table)."""
    with connections[using].cursor() as cursor:
        cursor.execute(f"INSERT INTO {TABLE}({TABLE}) VALUES ('rebuild')")


def optimize(*, using: str = "default") -> None:
    with connections[using].cursor() as cursor:
        cursor.execute(f"INSERT INTO {TABLE}({TABLE}) VALUES ('optimize')")


def search(
    words: list[str],
    filters: SearchFilters,
    *,
    limit: int,
    offset: int,
    count_limit: int | None = None,
    using: str = "default",
) -> RankedPage:
    if not words:
        return RankedPage([], [], 0)
    conditions, params = filters.where("e")
    where = " AND ".join([f"{TABLE} MATCH %s", *conditions])
    match = match_expression(words)
    source = f"{TABLE} JOIN search_searchentry e ON e.id = {TABLE}.rowid"
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"SELECT e.document_id, bm25({TABLE}, {TITLE_WEIGHT}, {BODY_WEIGHT}) AS score FROM {source} "
            f"WHERE {where} ORDER BY score, e.published_on DESC, e.document_id DESC LIMIT %s OFFSET %s",
            [match, *params, limit, offset],
        )
        rows = cursor.fetchall()
        if offset == 0 and len(rows) < limit:
            total = len(rows)
        else:
            total = count(cursor, f"SELECT 1 FROM {source} WHERE {where}", [match, *params], count_limit)
    # bm25() is lower-is-better and negative; report higher-is-better like PostgreSQL.
    return RankedPage([row[0] for row in rows], [-row[1] for row in rows], total)
