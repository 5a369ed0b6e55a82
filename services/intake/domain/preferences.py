"""How the person wants to be contacted and met. Each recording replaces the current set and
keeps the earlier ones as history."""

from __future__ import annotations

from datetime import datetime

from services.intake.domain.access import require_open, require_writer
from services.intake.domain.errors import RuleBroken
from services.intake.domain.state import EnquiryState
from shared.auth import Actor
from shared.contracts import intake as ev
from shared.events import DomainEvent


def record_preferences(
    state: EnquiryState,
    *,
    actor: Actor,
    now: datetime,
    preferences: ev.CommunicationPreferences,
    reason: str | None,
) -> list[DomainEvent]:
    require_writer(actor)
    require_open(state)
    both = set(preferences.contact_allowed) & set(preferences.contact_refused)
    if both:
        names = ", ".join(sorted(m.value for m in both))
        raise RuleBroken(f"Both allowed and refused: {names}.", field="contact_refused")
    if state.preferences_history and not reason:
        raise RuleBroken("Say why the preferences changed.", field="reason")
    return [
        ev.CommunicationPreferencesRecorded(
            enquiry_id=state.enquiry_id, preferences=preferences, reason=reason, recorded_at=now
        )
    ]
