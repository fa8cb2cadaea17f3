"""Alembic environment: runs the catalogue's migrations on the connection it is handed."""

from alembic import context

import photoarchive.catalogue.galleries  # noqa: F401 - registers the gallery tables on Base
from photoarchive.catalogue.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only for `alembic revision --autogenerate`
    from sqlalchemy import create_engine

    connection = create_engine(str(context.config.get_main_option("sqlalchemy.url"))).connect()

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite alters tables by copying them
)
with context.begin_transaction():
    context.run_migrations()
