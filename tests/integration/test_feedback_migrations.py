"""The feedback migrations build exactly the tables `services/feedback/tables.py` describes."""

from __future__ import annotations

from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import Connection

from services.feedback.app import DEFINITION as FEEDBACK
from services.feedback.tables import metadata
from shared.eventstore.database import Database
from shared.settings import Settings
from tests.support import migrate

pytestmark = pytest.mark.integration


BACKBONE = {"events", "inbox", "alembic_version"}  # the backbone's, not in this metadata


def table_of(difference: Any) -> str:
    if isinstance(difference, list):  # column modifications: [(kind, schema, table, ...)]
        return str(difference[0][2])
    subject = difference[1]
    if hasattr(subject, "table"):  # an index or a constraint
        return str(subject.table.name)
    if hasattr(subject, "name"):  # a table
        return str(subject.name)
    return str(difference[2])  # (kind, schema, table, column)


def differences(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return [d for d in compare_metadata(context, metadata) if table_of(d) not in BACKBONE]


async def test_the_migrated_schema_is_the_one_the_code_describes(settings: Settings) -> None:
    await migrate(FEEDBACK, settings)
    db = Database(settings.database_url_for("feedback"))
    try:
        async with db.read() as conn:
            found = await conn.run_sync(differences)
    finally:
        await db.dispose()

    assert found == []
