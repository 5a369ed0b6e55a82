"""Who may see the board report, and for which agencies."""

from __future__ import annotations

import pytest

from services.feedback.report.access import ReportNotAllowed, report_scope
from shared.auth import Role
from tests.support import an_actor

ANALYST = an_actor(agency="safeguarding-board", role=Role.BOARD_ANALYST)
LEAD = an_actor(agency="adult-social-care", role=Role.SAFEGUARDING_LEAD)
MANAGER = an_actor(agency="police", role=Role.MANAGER)


def test_board_analysts_and_safeguarding_leads_see_every_agency_or_any_one() -> None:
    assert report_scope(ANALYST, None) is None
    assert report_scope(ANALYST, "police") == "police"
    assert report_scope(LEAD, "health") == "health"


def test_a_manager_sees_their_own_agency_only() -> None:
    assert report_scope(MANAGER, None) == "police"
    assert report_scope(MANAGER, "police") == "police"
    with pytest.raises(ReportNotAllowed) as refused:
        report_scope(MANAGER, "health")
    assert refused.value.field == "agency"


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.ADMINISTRATOR, Role.SYSTEM])
def test_no_one_else_sees_it(role: Role) -> None:
    with pytest.raises(ReportNotAllowed):
        report_scope(an_actor(role=role), None)
