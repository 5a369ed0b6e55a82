"""A service definition refuses two subscriptions that would be one consumer group."""

from __future__ import annotations

import dataclasses

import pytest

from services.outcomes.app import DEFINITION as OUTCOMES
from shared.messaging.consumer import Subscription

pytestmark = pytest.mark.unit


def test_two_subscriptions_with_one_purpose_are_refused_naming_it() -> None:
    first = OUTCOMES.subscriptions[0]
    twin = Subscription(source="feedback", purpose=first.purpose, projections=())

    with pytest.raises(ValueError, match=f"share the purpose '{first.purpose}'"):
        dataclasses.replace(OUTCOMES, subscriptions=(*OUTCOMES.subscriptions, twin))
