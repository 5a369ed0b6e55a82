"""Closure proposed by the lead with its reason, then signed off by a manager who is neither the
lead nor the proposer; the proposal ends with the closure."""

from __future__ import annotations

import pytest

from services.intake import domain
from services.intake.domain import closure
from services.intake.domain.errors import EnquiryIsClosed, NotAllowed
from shared.auth import Role
from shared.codes import ClosureReason
from tests.support import an_actor
from tests.unit.test_intake_domain import (
    LEAD,
    MANAGER,
    NOW,
    an_enquiry,
    closing,
    concluded,
    with_risk,
    with_section_42,
)

pytestmark = pytest.mark.unit


def test_the_lead_proposes_closure_with_a_reason_and_another_manager_signs_it_off() -> None:
    ready = an_enquiry(with_section_42, with_risk, concluded)
    proposed = domain.fold(
        closure.propose(ready, actor=LEAD, now=NOW, reason=ClosureReason.PERSON_DECLINED),
        start=ready,
    )
    assert proposed is not None
    closed = domain.fold(closing(proposed), start=proposed)

    assert proposed.closure_proposal is not None
    assert proposed.closure_proposal.reason is ClosureReason.PERSON_DECLINED
    assert proposed.closure_proposal.proposed_by == "lead-1"
    assert closed is not None
    assert closed.closure_proposal is None
    assert closed.closure is not None
    with pytest.raises(EnquiryIsClosed):
        closure.propose(closed, actor=LEAD, now=NOW, reason=ClosureReason.OUTCOMES_MET)


def test_the_manager_who_proposed_cannot_sign_it_off() -> None:
    ready = an_enquiry(with_section_42, with_risk, concluded)
    proposed = domain.fold(
        closure.propose(ready, actor=MANAGER, now=NOW, reason=ClosureReason.OUTCOMES_MET),
        start=ready,
    )
    assert proposed is not None
    another = an_actor(agency="adult-social-care", user="manager-2", role=Role.MANAGER)

    with pytest.raises(NotAllowed, match="other than the proposer"):
        closing(proposed)
    assert closing(proposed, actor=another)
    with pytest.raises(NotAllowed):
        closure.propose(
            ready,
            actor=an_actor(role=Role.BOARD_ANALYST),
            now=NOW,
            reason=ClosureReason.OUTCOMES_MET,
        )
