"""Word search on PostgreSQL too: folded search text, and a GIN index over its words.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 04:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from photoarchive.catalogue.search import search_text_of

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CREDIT = (
    "SELECT p.id, p.caption, p.creator, p.copyright, g.name, g.organisation "
    "FROM photo p LEFT JOIN photographer g ON g.id = p.photographer_id"
)


def upgrade() -> None:
    connection = op.get_bind()
    update = sa.text("UPDATE photo SET search_text = :text WHERE id = :id")
    for photo_id, caption, creator, rights, name, organisation in connection.execute(
        sa.text(CREDIT)
    ).all():
        credit = "/".join(part for part in (name, organisation) if part)
        text = search_text_of([caption, creator, credit, rights])
        connection.execute(update, {"text": text, "id": photo_id})
    if connection.dialect.name == "postgresql":
        op.execute(
            "CREATE INDEX ix_photo_search_words ON photo "
            "USING gin (to_tsvector('simple', search_text))"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_photo_search_words")
