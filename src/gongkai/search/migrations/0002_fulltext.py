"""The full-text index beside ``search_searchentry``, for the database in use.

SQLite: an FTS5 table over the entry's segmented title and body (external
content, so the words are stored once). PostgreSQL: a generated ``tsvector``
column (title weight A, body weight B) with a GIN index, and a trigram index on
titles when ``pg_trgm`` can be created (it speeds up ``title__icontains``).
"""

from django.db import migrations, transaction
from django.db.utils import DatabaseError

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE search_fts USING fts5(
        title_segmented, body_segmented,
        content='search_searchentry', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0'
    )
    """,
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS search_fts"]

POSTGRES_FORWARD = [
    """
    ALTER TABLE search_searchentry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, coalesce(title_segmented, '')), 'A')
        || setweight(to_tsvector('simple'::regconfig, coalesce(body_segmented, '')), 'B')
    ) STORED
    """,
    "CREATE INDEX search_entry_vector_gin ON search_searchentry USING gin (search_vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_title_trgm",
    "DROP INDEX IF EXISTS search_entry_vector_gin",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_vector",
]
POSTGRES_TRIGRAM = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX search_entry_title_trgm ON search_searchentry USING gin (title gin_trgm_ops)",
]


def forward(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        _run(schema_editor, SQLITE_FORWARD)
    elif connection.vendor == "postgresql":
        _run(schema_editor, POSTGRES_FORWARD)
        try:
            with transaction.atomic(using=connection.alias):  # a savepoint: a refused extension undoes only itself
                _run(schema_editor, POSTGRES_TRIGRAM)
        except DatabaseError:
            pass  # pg_trgm is optional: without it, title look-ups scan


def backward(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        _run(schema_editor, SQLITE_BACKWARD)
    elif connection.vendor == "postgresql":
        _run(schema_editor, POSTGRES_BACKWARD)


def _run(schema_editor, statements):
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
