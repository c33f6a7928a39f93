"""Alembic migrations of the event database, applied by :mod:`newsevents.store.migrate`.

Every change to ``newsevents.store.schema`` needs a new revision in ``versions/`` (and
``HEAD`` in ``migrate.py`` moved to it); ``tests/store/test_store_migrations.py`` fails until
the migrated schema equals the tables again. There is no ``alembic.ini``: write a revision
with alembic's API, for example::

    from alembic import command
    from newsevents.store.migrate import alembic_config
    command.revision(alembic_config(), message="add x", rev_id="0002")

then fill in ``upgrade``/``downgrade`` with ``op`` calls that work on SQLite (batch mode is
on) and PostgreSQL.
"""
