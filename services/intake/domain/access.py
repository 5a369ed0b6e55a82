"""Who may do what: practitioners and managers change records; managers decide and sign off."""

from __future__ import annotations

from services.intake.domain.errors import EnquiryIsClosed, NotAllowed
from services.intake.domain.state import EnquiryState, Status
from shared.auth import Actor, Role

WRITERS = frozenset({Role.PRACTITIONER, Role.MANAGER, Role.SAFEGUARDING_LEAD})
MANAGERS = frozenset({Role.MANAGER})


def require_writer(actor: Actor) -> None:
    if actor.role not in WRITERS:
        raise NotAllowed(f"A {actor.role.value} cannot change an enquiry's record.", field="role")


def require_manager(actor: Actor, what: str) -> None:
    if actor.role not in MANAGERS:
        raise NotAllowed(f"Only a manager can {what}.", field="role")


def require_open(state: EnquiryState) -> None:
    if state.status is Status.CLOSED:
        raise EnquiryIsClosed
