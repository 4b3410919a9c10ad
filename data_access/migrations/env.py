"""Alembic environment: runs migrations on the connection handed over by data_access.db_setup."""

from alembic import context

from data_access.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - the project always hands a connection over
    raise RuntimeError("Run migrations through `python -m data_access init`.")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
