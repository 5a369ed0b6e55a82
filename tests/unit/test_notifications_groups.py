"""Which consumer group keeps which of notifications' read models of intake's facts."""

from __future__ import annotations

import pytest

from services.notifications.app import DEFINITION
from services.notifications.tables import enquiry_directory, leads

pytestmark = pytest.mark.unit


def test_the_directory_and_the_leads_are_kept_by_one_group_in_one_transaction() -> None:
    # `GET /enquiries/{id}` answers from the directory, a disclosure's scope from the leads.
    # Kept by two groups, each at its own position, the service answered 200 for an enquiry and
    # then 404 to a disclosure on it (test_portal_feedback's KeyError: 'stage').
    keepers = [
        s.purpose
        for s in DEFINITION.subscriptions
        if s.source == "intake"
        for p in s.projections
        if enquiry_directory in p.tables or leads in p.tables
    ]

    assert len(keepers) == 2
    assert len(set(keepers)) == 1
