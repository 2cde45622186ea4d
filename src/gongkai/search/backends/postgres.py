"""PostgreSQL: ``to_tsvector('simple', segmented text)`` in a generated column with a GIN index, ranked by ts_rank_cd.

The column ``search_vector`` (title weight A, body weight B) is computed by the
database from the entry's segmented text, so writes need nothing more here.
Weights: a title occurrence counts ten times a body occurrence, as in the
SQLite backend's BM25 weights; normalisation 1 divides by 1 + log(length).
"""

from __future__ import annotations

from django.db import connections

from . import RankedPage, SearchFilters, count

# ts_rank_cd weights for {D, C, B, A}: body is B, title is A.
WEIGHTS = "{0.1, 0.1, 0.1, 1.0}"
NORMALISATION = 1


def add(entry_id: int, title_segmented: str, body_segmented: str, *, using: str = "default") -> None:
    """Nothing to do: the generated column follows the row."""


def discard(entry_id: int, title_segmented: str, body_segmented: str, *, using: str = "default") -> None:
    """Nothing to do: the generated column goes with the row."""


def rebuild(*, using: str = "default") -> None:
    """Nothing to do: the generated column is always current."""


def optimize(*, using: str = "default") -> None:
    with connections[using].cursor() as cursor:
        cursor.execute("ANALYZE search_searchentry")


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
    where = " AND ".join(["e.search_vector @@ q.query", *conditions])
    source = "search_searchentry e, plainto_tsquery('simple', %s) AS q(query)"
    text = " ".join(words)
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"SELECT e.document_id, ts_rank_cd('{WEIGHTS}'::float4[], e.search_vector, q.query, {NORMALISATION}) AS score "
            f"FROM {source} WHERE {where} "
            "ORDER BY score DESC, e.published_on DESC, e.document_id DESC LIMIT %s OFFSET %s",
            [text, *params, limit, offset],
        )
        rows = cursor.fetchall()
        if offset == 0 and len(rows) < limit:
            total = len(rows)
        else:
            total = count(cursor, f"SELECT 1 FROM {source} WHERE {where}", [text, *params], count_limit)
    return RankedPage([row[0] for row in rows], [float(row[1]) for row in rows], total)
