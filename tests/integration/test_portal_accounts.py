"""The portal's database from the command line, and the demo accounts `make run` creates."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from services.portal.demo_accounts import DEMO_ACCOUNTS, DemoAccountsRefused, ensure_demo_accounts
from services.portal.tables import users
from shared.auth import Role
from shared.cli import app as msp
from shared.demo import DEMO_ENQUIRIES
from shared.eventstore.database import Database
from shared.settings import Mode, Settings

pytestmark = pytest.mark.integration


def test_msp_migrate_brings_the_portals_database_up(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MSP_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("MSP_DATA_DIR", str(settings.data_dir))

    result = CliRunner().invoke(msp, ["migrate", "portal"])

    assert result.exit_code == 0, result.output
    assert "portal: migrated" in result.output


async def test_demo_accounts_are_created_once_and_lead_the_demo_enquiries(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MSP_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("MSP_DATA_DIR", str(settings.data_dir))
    # Alembic runs its own event loop: the command runs beside this test's, as in a shell.
    migrated = await asyncio.to_thread(CliRunner().invoke, msp, ["migrate", "portal"])
    assert migrated.exit_code == 0, migrated.output

    first = await ensure_demo_accounts(settings)
    second = await ensure_demo_accounts(settings)

    assert first == (len(DEMO_ACCOUNTS), 0)
    assert second == (0, len(DEMO_ACCOUNTS))
    db = Database(settings.database_url_for("portal"))
    async with db.read() as conn:
        stored = (await conn.execute(select(func.count()).select_from(users))).scalar_one()
    await db.dispose()
    assert stored == len(DEMO_ACCOUNTS)
    leads = {demo.practitioner_id for demo in DEMO_ENQUIRIES}
    practitioners = {a.user_id for a in DEMO_ACCOUNTS if a.role is Role.PRACTITIONER}
    assert leads <= practitioners
    for agency in {a.agency_id for a in DEMO_ACCOUNTS if a.role is Role.PRACTITIONER}:
        assert any(a.agency_id == agency and a.role is Role.MANAGER for a in DEMO_ACCOUNTS)
    assert any(a.role is Role.BOARD_ANALYST for a in DEMO_ACCOUNTS)


async def test_production_refuses_demo_accounts(settings: Settings) -> None:
    production = settings.model_copy(update={"mode": Mode.PRODUCTION})

    with pytest.raises(DemoAccountsRefused):
        await ensure_demo_accounts(production)
