"""Library roots mounted at different paths on different machines.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 05:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "root_location",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("root_id", sa.Integer(), nullable=False),
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["root_id"],
            ["library_root.id"],
            name=op.f("fk_root_location_root_id_library_root"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_root_location")),
        sa.UniqueConstraint("root_id", "host", name="uq_root_location_root_host"),
    )
    with op.batch_alter_table("root_location", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_root_location_root_id"), ["root_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("root_location", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_root_location_root_id"))
    op.drop_table("root_location")
