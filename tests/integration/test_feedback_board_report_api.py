"""`GET /reports/board` over real HTTP, on SQLite and PostgreSQL: who may see which agencies,
JSON and CSV, bad parameters naming the field, and every view recorded."""

from __future__ import annotations

import asyncio
import csv
import io
import json

import httpx
import pytest
from typer.testing import CliRunner

from shared.auth import Actor, Role
from shared.cli import app as msp
from shared.settings import Settings
from tests.board_report_support import open_enquiries
from tests.integration.feedback_support import a_clock, bearer_at, own_events, served_feedback
from tests.support import an_actor

pytestmark = pytest.mark.integration
ANALYST = an_actor(agency="safeguarding-board", user="board-analyst", role=Role.BOARD_ANALYST)
MANAGER = an_actor(agency="police", user="police-manager", role=Role.MANAGER)
PRACTITIONER = an_actor(agency="police", user="officer-1")
PERIOD = {"from": "2026-04-01", "to": "2026-06-30"}


async def test_the_board_report_is_served_to_whom_it_may_be_and_every_view_is_recorded(
    settings: Settings,
) -> None:
    clock = a_clock()
    async with (
        served_feedback(settings, clock) as (url, feedback),
        httpx.AsyncClient(base_url=url) as http,
    ):
        await open_enquiries(feedback, police=6, health=1)

        async def get(actor: Actor = ANALYST, **params: str) -> httpx.Response:
            return await http.get(
                "/reports/board",
                params={**PERIOD, **params},
                headers=bearer_at(settings, clock, actor),
            )

        every = await get(mode="exact")
        published = await get()
        one_csv = await get(agency="police", format="csv", mode="exact")
        managers = await get(MANAGER, mode="exact")
        other_agency = await get(MANAGER, agency="health")
        practitioners = await get(PRACTITIONER)
        no_token = await http.get("/reports/board", params=PERIOD)
        bad = {
            "query.from": await get(ANALYST, **{"from": "1 April"}),
            "query.to": await get(to="2026-03-31"),
            "query.mode": await get(mode="raw"),
            "query.format": await get(format="pdf"),
            "query.agency": await get(agency="<script>"),
        }
        views = await own_events(feedback, "feedback.BoardReportViewed")

    assert every.status_code == 200
    document = every.json()
    assert (document["from"], document["to"], document["agency"]) == (
        "2026-04-01",
        "2026-06-30",
        None,
    )
    (table,) = [t for t in document["tables"] if t["key"] == "enquiries"]
    assert table["rows"] == [
        {"label": "health", "cells": [1, 0]},
        {"label": "police", "cells": [6, 0]},
        {"label": "Total", "cells": [7, 0]},
    ]
    (table,) = [t for t in published.json()["tables"] if t["key"] == "enquiries"]
    assert table["rows"][0] == {"label": "health", "cells": ["[c]", "[c]"]}
    assert table["rows"][2] == {"label": "Total", "cells": [5, "[c]"]}

    assert one_csv.status_code == 200
    assert one_csv.headers["content-type"].startswith("text/csv")
    assert "attachment" in one_csv.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(one_csv.text)))
    opened_cells = [r for r in rows if r["column"] == "Opened"]
    assert [(r["row"], r["value"]) for r in opened_cells] == [("police", "6"), ("Total", "6")]

    (table,) = [t for t in managers.json()["tables"] if t["key"] == "enquiries"]
    assert managers.json()["agency"] == "police"
    assert table["rows"][-1] == {"label": "Total", "cells": [6, 0]}
    assert other_agency.status_code == 403
    assert other_agency.json()["errors"][0]["field"] == "agency"
    assert practitioners.status_code == 403
    assert no_token.status_code == 401
    for field, answer in bad.items():
        assert answer.status_code == 422, field
        assert answer.json()["errors"][0]["field"] == field
        assert "<script>" not in answer.text

    # Four reports were shown; refusals and bad requests show nothing and record nothing.
    assert [(v.actor.user_id, v.payload["agency_id"], v.payload["mode"]) for v in views] == [
        ("board-analyst", None, "exact"),
        ("board-analyst", None, "publication"),
        ("board-analyst", "police", "exact"),
        ("police-manager", "police", "exact"),
    ]
    assert views[2].payload["format"] == "csv"
    assert views[0].payload["period_to"] == "2026-06-30"


async def test_msp_report_prints_the_report_and_names_what_is_wrong(settings: Settings) -> None:
    clock = a_clock()
    async with served_feedback(settings, clock) as (url, feedback):
        await open_enquiries(feedback, police=6)
        env = {
            "MSP_SERVICE_URLS": json.dumps({"feedback": url}),
            "MSP_SECRET_KEY": settings.signing_key,
        }

        def msp_report(*args: str) -> tuple[int, str]:
            # In a thread: the CLI's blocking HTTP call must not stop this loop serving it.
            result = CliRunner().invoke(msp, ["report", *args], env=env)
            return result.exit_code, result.output

        period = ["--from", "2026-04-01", "--to", "2026-06-30"]
        as_csv = await asyncio.to_thread(msp_report, *period, "--mode", "exact", "--user", "kim")
        as_json = await asyncio.to_thread(msp_report, *period, "--format", "json")
        backwards = await asyncio.to_thread(
            msp_report, "--from", "2026-06-30", "--to", "2026-04-01"
        )
        views = await own_events(feedback, "feedback.BoardReportViewed")

    code, output = as_csv
    assert code == 0
    assert "Enquiries by lead agency,police,Opened,6" in output.splitlines()
    code, output = as_json
    assert code == 0
    # The last line: the runner also catches what the service, in this process, logs meanwhile.
    document = json.loads(output.splitlines()[-1])
    (table,) = [t for t in document["tables"] if t["key"] == "enquiries"]
    assert table["rows"][-1] == {"label": "Total", "cells": [5, "[c]"]}
    code, output = backwards
    assert code == 1
    assert "query.to" in output
    assert [(v.actor.user_id, v.actor.role) for v in views] == [
        ("kim", Role.BOARD_ANALYST),
        (views[1].actor.user_id, Role.BOARD_ANALYST),
    ]
    assert views[1].actor.user_id.startswith("cli:")
