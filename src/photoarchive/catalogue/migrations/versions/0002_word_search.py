"""Word search over captions and credits: an FTS5 index on SQLite, kept current by triggers.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 04:05:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_UP = [
    # External-content table: the words live in photo.search_text, the index beside it.
    "CREATE VIRTUAL TABLE photo_fts USING fts5(search_text, content='photo', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER photo_fts_insert AFTER INSERT ON photo BEGIN "
    "INSERT INTO photo_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER photo_fts_delete AFTER DELETE ON photo BEGIN "
    "INSERT INTO photo_fts(photo_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER photo_fts_update AFTER UPDATE OF search_text ON photo BEGIN "
    "INSERT INTO photo_fts(photo_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO photo_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "INSERT INTO photo_fts(photo_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER photo_fts_update",
    "DROP TRIGGER photo_fts_delete",
    "DROP TRIGGER photo_fts_insert",
    "DROP TABLE photo_fts",
]


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_UP:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_DOWN:
            op.execute(statement)
