"""The initial catalogue: photos, file locations, library roots, places, vocabularies, runs.

Revision ID: 0001
Revises:
Create Date: 2026-11-27 04:00:52.138633
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "import_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("folders", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("imported", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.Column("duplicates", sa.Integer(), nullable=False),
        sa.Column("moved", sa.Integer(), nullable=False),
        sa.Column("removed", sa.Integer(), nullable=False),
        sa.Column("unsupported", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_run")),
    )
    op.create_table(
        "library_root",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_library_root")),
        sa.UniqueConstraint("name", name=op.f("uq_library_root_name")),
    )
    op.create_table(
        "photographer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_photographer")),
        sa.UniqueConstraint("name", "organisation", name="uq_photographer_name_organisation"),
    )
    op.create_table(
        "place",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("lineage", sa.String(length=400), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["place.id"], name=op.f("fk_place_parent_id_place"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_place")),
        sa.UniqueConstraint("parent_id", "name", name="uq_place_parent_name"),
    )
    with op.batch_alter_table("place", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_place_lineage"), ["lineage"], unique=False)
        batch_op.create_index(batch_op.f("ix_place_parent_id"), ["parent_id"], unique=False)

    op.create_table(
        "programme",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme")),
        sa.UniqueConstraint("name", name=op.f("uq_programme_name")),
    )
    op.create_table(
        "import_error",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["import_run.id"],
            name=op.f("fk_import_error_run_id_import_run"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_error")),
    )
    with op.batch_alter_table("import_error", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_import_error_run_id"), ["run_id"], unique=False)

    op.create_table(
        "photo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("byte_size", sa.BigInteger(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("format", sa.String(length=16), nullable=False),
        sa.Column("date_taken", sa.DateTime(), nullable=True),
        sa.Column(
            "date_precision",
            sa.Enum(
                "exact",
                "day",
                "month",
                "year",
                "decade",
                "unknown",
                name="date_precision",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("date_circa", sa.Boolean(), nullable=False),
        sa.Column(
            "date_source",
            sa.Enum(
                "exif",
                "iptc",
                "xmp",
                "file name",
                "folder name",
                "manual",
                name="date_source",
                native_enum=False,
                length=16,
            ),
            nullable=True,
        ),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("digitised_at", sa.DateTime(), nullable=True),
        sa.Column("make", sa.String(length=200), nullable=True),
        sa.Column("model", sa.String(length=200), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("orientation", sa.Integer(), nullable=True),
        sa.Column("caption", sa.Text(), nullable=True),
        sa.Column("creator", sa.Text(), nullable=True),
        sa.Column("copyright", sa.Text(), nullable=True),
        sa.Column(
            "restriction",
            sa.Enum(
                "open", "internal", "restricted", name="restriction", native_enum=False, length=16
            ),
            nullable=False,
        ),
        sa.Column("place_id", sa.Integer(), nullable=True),
        sa.Column("programme_id", sa.Integer(), nullable=True),
        sa.Column("photographer_id", sa.Integer(), nullable=True),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["photographer_id"],
            ["photographer.id"],
            name=op.f("fk_photo_photographer_id_photographer"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["place_id"], ["place.id"], name=op.f("fk_photo_place_id_place"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programme.id"],
            name=op.f("fk_photo_programme_id_programme"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_photo")),
        sa.UniqueConstraint("content_hash", name=op.f("uq_photo_content_hash")),
    )
    with op.batch_alter_table("photo", schema=None) as batch_op:
        batch_op.create_index("ix_photo_date_taken", ["date_taken"], unique=False)
        batch_op.create_index("ix_photo_photographer_id", ["photographer_id"], unique=False)
        batch_op.create_index("ix_photo_place_id", ["place_id"], unique=False)
        batch_op.create_index("ix_photo_programme_id", ["programme_id"], unique=False)
        batch_op.create_index("ix_photo_restriction", ["restriction"], unique=False)
        batch_op.create_index("ix_photo_year", ["year"], unique=False)

    op.create_table(
        "place_alias",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["place_id"],
            ["place.id"],
            name=op.f("fk_place_alias_place_id_place"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_place_alias")),
        sa.UniqueConstraint("place_id", "name", name="uq_place_alias_place_name"),
    )
    with op.batch_alter_table("place_alias", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_place_alias_place_id"), ["place_id"], unique=False)

    op.create_table(
        "file_location",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("photo_id", sa.Integer(), nullable=False),
        sa.Column("root_id", sa.Integer(), nullable=False),
        sa.Column("relative_path", sa.Text(), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("mtime_ns", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["photo_id"],
            ["photo.id"],
            name=op.f("fk_file_location_photo_id_photo"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["root_id"],
            ["library_root.id"],
            name=op.f("fk_file_location_root_id_library_root"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_file_location")),
        sa.UniqueConstraint("root_id", "relative_path", name="uq_file_location_root_path"),
    )
    with op.batch_alter_table("file_location", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_file_location_photo_id"), ["photo_id"], unique=False)

    op.create_table(
        "thumbnail",
        sa.Column("photo_id", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["photo_id"], ["photo.id"], name=op.f("fk_thumbnail_photo_id_photo"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("photo_id", name=op.f("pk_thumbnail")),
    )


def downgrade() -> None:
    op.drop_table("thumbnail")
    with op.batch_alter_table("file_location", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_file_location_photo_id"))

    op.drop_table("file_location")
    with op.batch_alter_table("place_alias", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_place_alias_place_id"))

    op.drop_table("place_alias")
    with op.batch_alter_table("photo", schema=None) as batch_op:
        batch_op.drop_index("ix_photo_year")
        batch_op.drop_index("ix_photo_restriction")
        batch_op.drop_index("ix_photo_programme_id")
        batch_op.drop_index("ix_photo_place_id")
        batch_op.drop_index("ix_photo_photographer_id")
        batch_op.drop_index("ix_photo_date_taken")

    op.drop_table("photo")
    with op.batch_alter_table("import_error", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_error_run_id"))

    op.drop_table("import_error")
    op.drop_table("programme")
    with op.batch_alter_table("place", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_place_parent_id"))
        batch_op.drop_index(batch_op.f("ix_place_lineage"))

    op.drop_table("place")
    op.drop_table("photographer")
    op.drop_table("library_root")
    op.drop_table("import_run")
