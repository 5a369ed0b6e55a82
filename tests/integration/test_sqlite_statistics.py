"""SQLite's planner statistics: kept fresh by the writer, seen by the readers.

Without statistics SQLite guessed that "this agency's enquiries" is as narrow as "these 50
enquiries" and read every row of the agency for the caseload's due flags; with them it reads the
50 by their primary key."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import insert, text

from services.outcomes.app import DEFINITION
from services.outcomes.tables import enquiry_leads
from shared.eventstore import database as database_module
from shared.eventstore.database import Database
from shared.settings import Settings
from tests.support import migrate

pytestmark = pytest.mark.integration
AGENCY = "adult-social-care"
ROWS = 2_000
# The caseload's question to outcomes, for one page of enquiries.
BY_PAGE_OF_ENQUIRIES = (
    "EXPLAIN QUERY PLAN SELECT lead_practitioner_id FROM enquiry_leads"
    " WHERE lead_agency_id = :agency AND enquiry_id IN ({ids})"
)


@pytest.fixture
async def db(settings: Settings) -> AsyncIterator[Database]:
    if not settings.database_url_for("outcomes").startswith("sqlite"):
        pytest.skip("statistics are SQLite's concern here; PostgreSQL's autovacuum keeps its own")
    await migrate(DEFINITION, settings)
    database = Database(settings.database_url_for("outcomes"))
    yield database
    await database.dispose()


async def plan_for_a_page(db: Database, ids: list[str]) -> str:
    query = BY_PAGE_OF_ENQUIRIES.format(ids=", ".join(f"'{i}'" for i in ids))
    async with db.read() as conn:
        rows = (await conn.execute(text(query), {"agency": AGENCY})).all()
    return " ".join(str(row[-1]) for row in rows)


async def fill(db: Database, *, through_write: bool) -> list[str]:
    """ROWS leads of one agency; the ids of 50. `db.write()` refreshes the statistics after its
    transaction; the writer engine itself does not."""
    ids = [uuid.uuid4() for _ in range(ROWS)]
    rows = [
        {
            "enquiry_id": i,
            "lead_agency_id": AGENCY,
            "lead_practitioner_id": "p",
            "lead_version": 1,
            "closed": False,
            "status_version": 1,
        }
        for i in ids
    ]
    async with db.write() if through_write else db.writer.begin() as conn:
        await conn.execute(insert(enquiry_leads), rows)
    return [i.hex for i in ids[:50]]


async def test_a_reader_uses_the_primary_key_once_the_writer_has_refreshed_the_statistics(
    db: Database,
) -> None:
    ids = await fill(db, through_write=False)
    before = await plan_for_a_page(db, ids)
    await db.refresh_statistics()
    after = await plan_for_a_page(db, ids)

    assert "ix_enquiry_leads_agency" in before  # the guess this guards against
    assert "sqlite_autoindex_enquiry_leads_1" in after, after


async def test_a_write_refreshes_the_statistics_once_the_interval_has_passed(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with db.write() as conn:  # the first write refreshes them: the table is empty
        await conn.execute(text("SELECT 1"))
    ids = await fill(db, through_write=False)
    async with db.write() as conn:  # within the interval: nothing refreshed
        await conn.execute(text("SELECT 1"))
    within = await plan_for_a_page(db, ids)
    monkeypatch.setattr(database_module, "SQLITE_ANALYZE_EVERY_S", 0.0)
    async with db.write() as conn:  # once it has passed
        await conn.execute(text("SELECT 1"))

    assert "ix_enquiry_leads_agency" in within
    assert "sqlite_autoindex_enquiry_leads_1" in await plan_for_a_page(db, ids)
