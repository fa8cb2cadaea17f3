"""Galleries: ordered photos and sections, with captions and texts per language.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 04:30:37.884664
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "gallery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("introduction", sa.Text(), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("modified_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gallery")),
        sa.UniqueConstraint("title", name=op.f("uq_gallery_title")),
    )
    op.create_table(
        "gallery_translation",
        sa.Column("gallery_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=True),
        sa.Column("introduction", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["gallery_id"],
            ["gallery.id"],
            name=op.f("fk_gallery_translation_gallery_id_gallery"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("gallery_id", "language", name=op.f("pk_gallery_translation")),
    )
    op.create_table(
        "gallery_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("gallery_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("photo_id", sa.Integer(), nullable=True),
        sa.Column("caption", sa.Text(), nullable=True),
        sa.Column("heading", sa.Text(), nullable=True),
        sa.Column("body", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["gallery_id"],
            ["gallery.id"],
            name=op.f("fk_gallery_item_gallery_id_gallery"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["photo_id"],
            ["photo.id"],
            name=op.f("fk_gallery_item_photo_id_photo"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gallery_item")),
        sa.UniqueConstraint("gallery_id", "photo_id", name="uq_gallery_item_photo"),
        sa.UniqueConstraint("gallery_id", "position", name="uq_gallery_item_position"),
    )
    with op.batch_alter_table("gallery_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_gallery_item_photo_id"), ["photo_id"], unique=False)

    op.create_table(
        "gallery_item_translation",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("caption", sa.Text(), nullable=True),
        sa.Column("heading", sa.Text(), nullable=True),
        sa.Column("body", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["gallery_item.id"],
            name=op.f("fk_gallery_item_translation_item_id_gallery_item"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("item_id", "language", name=op.f("pk_gallery_item_translation")),
    )


def downgrade() -> None:
    op.drop_table("gallery_item_translation")
    with op.batch_alter_table("gallery_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_gallery_item_photo_id"))
    op.drop_table("gallery_item")
    op.drop_table("gallery_translation")
    op.drop_table("gallery")
