"""Indexes for browsing at 100,000 photos: word matches in date order, the timeline, credits.

ix_photo_words looks a photo up by id with every column a count needs, so that the photos
a word search found are counted without reading their rows. The timeline's photos are split
between two partial indexes: ix_photo_year now holds the photos with a year, and
ix_photo_yearless the decade-only and undated ones with what their bars need (without it
the planner read ix_photo_year's yearless entries and then every such photo's row).
ix_photo_photographer_id is ordered so that one scan counts photographers, programmes and
restrictions together.

On SQLite, photo_fts_by_date is a second word index whose row ids are the photos' places
in date order (date taken to the second, then id), so that the grid's photos for a word
come out of the index already in order instead of being sorted (40 ms for 30,000 photos).
It stores no text of its own; triggers keep it, as they keep photo_fts.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27 08:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Written out here, not imported: a migration must stay as it was when it was released.
WORDS = [
    "id",
    "place_id",
    "programme_id",
    "photographer_id",
    "restriction",
    "year",
    "date_precision",
    "date_taken",
]
YEAR = ["year", "programme_id", "restriction", "place_id", "photographer_id"]
YEARLESS = [
    "year",
    "date_precision",
    "date_taken",
    "place_id",
    "programme_id",
    "photographer_id",
    "restriction",
]
PHOTOGRAPHER = ["photographer_id", "programme_id", "restriction", "place_id", "year"]
PHOTOGRAPHER_0006 = ["photographer_id", "place_id", "programme_id", "restriction", "year"]
# A photo's row id in photo_fts_by_date: seconds since 1800 (clamped to 35 bits, so up to
# the year 2888; no date sorts last) above the photo's id (28 bits: 268 million photos).
# catalogue/filters.py decodes it; both must change together, in a new migration.
DATE_KEY = (
    "((ifnull(max(0, min(34359738366, CAST(strftime('%s', {row}.date_taken) AS INTEGER)"
    " + 5364662400)), 34359738367) << 28) | {row}.id)"
)
# Statements with {photo}, {old} and {new} standing for DATE_KEY of that row.
BY_DATE_UP = [
    "CREATE VIRTUAL TABLE photo_fts_by_date USING fts5(search_text, content='', "
    "columnsize=0, tokenize='unicode61 remove_diacritics 2')",
    "INSERT INTO photo_fts_by_date(rowid, search_text) SELECT {photo}, search_text FROM photo",
    "CREATE TRIGGER photo_fts_by_date_insert AFTER INSERT ON photo BEGIN "
    "INSERT INTO photo_fts_by_date(rowid, search_text) VALUES ({new}, new.search_text); END",
    "CREATE TRIGGER photo_fts_by_date_delete AFTER DELETE ON photo BEGIN "
    "INSERT INTO photo_fts_by_date(photo_fts_by_date, rowid, search_text) "
    "VALUES ('delete', {old}, old.search_text); END",
    "CREATE TRIGGER photo_fts_by_date_update AFTER UPDATE OF search_text, date_taken ON photo "
    "BEGIN INSERT INTO photo_fts_by_date(photo_fts_by_date, rowid, search_text) "
    "VALUES ('delete', {old}, old.search_text); "
    "INSERT INTO photo_fts_by_date(rowid, search_text) VALUES ({new}, new.search_text); END",
]
BY_DATE_DOWN = [
    "DROP TRIGGER photo_fts_by_date_update",
    "DROP TRIGGER photo_fts_by_date_delete",
    "DROP TRIGGER photo_fts_by_date_insert",
    "DROP TABLE photo_fts_by_date",
]
NO_YEAR = sa.text("year IS NULL")
A_YEAR = sa.text("year IS NOT NULL")


def upgrade() -> None:
    op.create_index("ix_photo_words", "photo", WORDS)
    _replace("ix_photo_year", YEAR, where=A_YEAR)
    op.create_index(
        "ix_photo_yearless", "photo", YEARLESS, sqlite_where=NO_YEAR, postgresql_where=NO_YEAR
    )
    _replace("ix_photo_photographer_id", PHOTOGRAPHER)
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        keys = {row: DATE_KEY.format(row=row) for row in ("photo", "old", "new")}
        for statement in BY_DATE_UP:
            op.execute(statement.format(**keys))
    if connection.execute(sa.text("SELECT 1 FROM photo LIMIT 1")).first() is not None:
        # The planner needs statistics of the new indexes to choose them (an empty
        # catalogue gets its statistics after its first import).
        op.execute("ANALYZE photo")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in BY_DATE_DOWN:
            op.execute(statement)
    _replace("ix_photo_photographer_id", PHOTOGRAPHER_0006)
    op.drop_index("ix_photo_yearless", "photo")
    _replace("ix_photo_year", YEAR)
    op.drop_index("ix_photo_words", "photo")


def _replace(name: str, columns: list[str], where: sa.TextClause | None = None) -> None:
    op.drop_index(name, "photo")
    op.create_index(name, "photo", columns, sqlite_where=where, postgresql_where=where)
