"""(h) `msp replay <service>` rebuilds read models equal, row by row, to the live ones."""

from __future__ import annotations

from typing import Any

import pytest
from redis.asyncio import Redis
from sqlalchemy import Table, delete, select

from services.intake.app import DEFINITION as INTAKE
from services.intake.tables import enquiries as intake_enquiries
from services.outcomes.app import DEFINITION as OUTCOMES
from services.outcomes.tables import enquiry_directory as outcomes_directory
from shared.eventstore.database import Database
from shared.replay import replay
from shared.settings import Settings
from tests.reliability.helpers import directory_count, open_enquiries, run_cli
from tests.support import eventually, running

pytestmark = pytest.mark.reliability


async def rows_of(db: Database, table: Table) -> list[dict[str, Any]]:
    async with db.read() as conn:
        result = await conn.execute(select(table).order_by(*table.primary_key.columns))
        return [dict(row) for row in result.mappings()]


async def wipe(db: Database, table: Table) -> None:
    async with db.write() as conn:
        await conn.execute(delete(table))
    assert await rows_of(db, table) == []


async def test_replayed_read_models_equal_the_live_ones_row_by_row(
    settings: Settings, redis: Redis
) -> None:
    async with running(INTAKE, settings) as intake, running(OUTCOMES, settings) as outcomes:
        await open_enquiries(intake, 300)

        async def consumed() -> bool:
            return await directory_count(outcomes.db) == 300

        await eventually(consumed, what="outcomes consumed everything")
        live_intake = await rows_of(intake.db, intake_enquiries)
        live_outcomes = await rows_of(outcomes.db, outcomes_directory)

        await wipe(
            intake.db, intake_enquiries
        )  # read models lost or corrupted: replay restores them
        await wipe(outcomes.db, outcomes_directory)
        intake_report = await replay(intake.db, INTAKE)
        code, output = await run_cli(
            "replay",
            "outcomes",
            env={"MSP_DATABASE_URL": settings.database_url, "MSP_DATA_DIR": str(settings.data_dir)},
        )

        assert intake_report.own_events == 300
        assert code == 0, output
        assert "300 received events" in output
        assert len(live_intake) == len(live_outcomes) == 300
        assert await rows_of(intake.db, intake_enquiries) == live_intake
        assert await rows_of(outcomes.db, outcomes_directory) == live_outcomes
