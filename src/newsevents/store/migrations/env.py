"""Alembic environment: runs the migrations on the connection newsevents hands over.

newsevents applies migrations itself (:func:`newsevents.store.migrate.upgrade`) inside its
own transaction, so there is no ``alembic.ini`` and no URL here: the connection comes in
``config.attributes["connection"]``.
"""

from __future__ import annotations

from alembic import context

from newsevents.store.schema import metadata
from newsevents.store.search import SEARCH_TABLE


def _include_object(
    obj: object, name: str | None, kind: str, reflected: bool, _other: object
) -> bool:
    # The full-text index (an FTS5 virtual table and its shadow tables on SQLite) is created
    # by hand in the migrations and is not part of the metadata.
    return not (kind == "table" and name is not None and name.startswith(SEARCH_TABLE))


def run() -> None:
    """Run the pending migrations on the connection given by the caller."""
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError(
            "newsevents migrations run through newsevents.store.migrate.upgrade(engine), "
            "not the alembic command line"
        )
    context.configure(
        connection=connection,
        target_metadata=metadata,
        include_object=_include_object,
        compare_type=True,
        # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


run()
