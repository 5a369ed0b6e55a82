"""What the portal reads of notifications' sharing: disclosures, the sharing log, the inbox."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from services.portal.views.record import agency_name
from shared.sharing.vocabulary import GROUND_LABELS, PURPOSE_LABELS, InformationKind, Purpose

# The agencies one may share with; the portal's accounts belong to these.
AGENCIES = ("adult-social-care", "police", "health")


def agency_choices(excluding: str | None = None) -> list[tuple[str, str]]:
    """The agencies as a form's choices, (id, name as people say it), all but `excluding`."""
    return [(agency, agency_name(agency)) for agency in AGENCIES if agency != excluding]


STAGES = {
    "requested": "Asked for",
    "blocked": "Blocked",
    "override_requested": "Waiting for a manager's approval",
    "override_approved": "Approved without consent: ready to send",
    "shared": "Shared",
}


class Read(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Disclosure(Read):
    disclosure_id: UUID
    enquiry_id: UUID
    recipient_agency_id: str
    purpose: str
    kinds: list[str] = []
    stage: str
    reason: str | None = None

    @property
    def stage_text(self) -> str:
        return STAGES.get(self.stage, self.stage.replace("_", " ").capitalize())


class Decision(Read):
    disclosure_id: UUID
    decision: str
    recipient_agency_id: str
    purpose: str
    kinds: list[str] = []
    who: str
    agency_id: str
    at: datetime
    why: str | None = None


class Received(Read):
    disclosure_id: UUID
    enquiry_id: UUID
    from_agency_id: str
    purpose: str
    purpose_label: str = ""
    kinds: list[str] = []
    basis: str = ""
    shared_at: datetime


class ReceivedWithContent(Received):
    content: dict[str, object] = {}


def purpose_label(purpose: str) -> str:
    try:
        return PURPOSE_LABELS[Purpose(purpose)]
    except ValueError:
        return purpose.replace("_", " ")


def kind_label(kind: str) -> str:
    return kind.replace("_", " ")


PURPOSE_CHOICES = [(p.value, PURPOSE_LABELS[p]) for p in Purpose]
KIND_CHOICES = [(k.value, kind_label(k.value)) for k in InformationKind]
GROUND_CHOICES = [(g.value, label) for g, label in GROUND_LABELS.items()]


def flattened(content: object, prefix: str = "") -> list[tuple[str, str]]:
    """A disclosure's content as (label, text) lines, nested parts named by their path."""
    if isinstance(content, dict):
        lines: list[tuple[str, str]] = []
        for key, value in content.items():
            label = str(key).replace("_", " ")
            lines += flattened(value, f"{prefix}{label}: " if prefix else f"{label}: ")
        return lines
    if isinstance(content, list):
        if all(not isinstance(item, dict | list) for item in content):
            return [(prefix.rstrip(": "), ", ".join(str(item) for item in content))]
        return [line for item in content for line in flattened(item, prefix)]
    return [(prefix.rstrip(": ") or "value", "Not recorded" if content is None else str(content))]
