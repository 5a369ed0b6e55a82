"""Telling the person what was shared, with whom and why, in the way they prefer — or, where
no way they allowed can be used, a task for the lead practitioner to tell them."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from services.notifications.domain.preferences import Channel, Route
from services.notifications.rendering import render
from shared.contracts.notifications import InformationShared, MessageQueued
from shared.sharing import InformationKind, OverrideGround, Purpose


def person_told_message_id(disclosure_id: uuid.UUID) -> uuid.UUID:
    return uuid.uuid5(disclosure_id, "person-told")


def tell_person(
    shared: InformationShared,
    route: Route,
    *,
    lead_practitioner_id: str,
    ground: OverrideGround | None,
    now: datetime,
) -> MessageQueued:
    values: dict[str, Any] = {
        "recipient": shared.recipient_agency_id,
        "kinds": [InformationKind(kind).label for kind in shared.kinds],
        "purpose": Purpose(shared.purpose).label,
        "basis": shared.basis,
        "ground": ground.label if ground else "",
        "easy_read": route.easy_read,
        "pictures": route.pictures,
        "supporter": route.supporter,
        "reason": route.task_reason or "",
    }
    message_id = person_told_message_id(shared.disclosure_id)
    common = {
        "message_id": message_id,
        "enquiry_id": shared.enquiry_id,
        "cause": "person_told",
        "agency_id": shared.lead_agency_id,
        "easy_read": route.easy_read,
        "pictures": route.pictures,
        "queued_at": now,
    }
    if route.channel is Channel.TASK:
        text = render("task_person_told", **values)
        return MessageQueued(
            **common,
            recipient_kind="user",
            recipient_id=lead_practitioner_id,
            channel=Channel.TASK.value,
            subject=text.subject,
            body=text.body,
        )
    text = render("person_told", **values)
    return MessageQueued(
        **common,
        recipient_kind="supporter" if route.through_supporter else "person",
        recipient_id="person",
        channel=route.channel.value,
        address=route.address,
        subject=text.subject,
        body=text.body,
    )
