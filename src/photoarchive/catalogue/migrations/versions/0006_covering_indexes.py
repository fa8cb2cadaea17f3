"""Covering indexes on the photo table, so facet counts and the timeline skip the rows.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 05:20:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Written out here, not imported: a migration must stay as it was when it was released.
COVERING = {
    "ix_photo_year": ["year", "programme_id", "restriction", "place_id", "photographer_id"],
    "ix_photo_place_id": ["place_id", "programme_id", "photographer_id", "restriction", "year"],
    "ix_photo_programme_id": [
        "programme_id",
        "place_id",
        "photographer_id",
        "restriction",
        "year",
    ],
    "ix_photo_photographer_id": [
        "photographer_id",
        "place_id",
        "programme_id",
        "restriction",
        "year",
    ],
    "ix_photo_restriction": [
        "restriction",
        "date_taken",
        "place_id",
        "programme_id",
        "photographer_id",
        "year",
    ],
    "ix_photo_date_taken": [
        "date_taken",
        "id",
        "place_id",
        "programme_id",
        "photographer_id",
        "restriction",
        "year",
    ],
}
SINGLE = {name: [columns[0]] for name, columns in COVERING.items()}


def upgrade() -> None:
    _replace(COVERING)


def downgrade() -> None:
    _replace(SINGLE)


def _replace(indexes: dict[str, list[str]]) -> None:
    with op.batch_alter_table("photo", schema=None) as batch_op:
        for name, columns in indexes.items():
            batch_op.drop_index(name)
            batch_op.create_index(name, columns, unique=False)
