"""Consent-gated sharing between agencies: the vocabulary and the pure policy that decides it."""

from shared.sharing.policy import (
    Allowed,
    ApprovedOverride,
    Blocked,
    ConsentDecision,
    DisclosureRequest,
    Overridden,
    SharingDecision,
    consent_in_force,
    decide,
)
from shared.sharing.vocabulary import (
    PURPOSE_NEEDS,
    ConsentStatus,
    DecidedBy,
    InformationKind,
    OverrideGround,
    Purpose,
)

__all__ = [
    "PURPOSE_NEEDS",
    "Allowed",
    "ApprovedOverride",
    "Blocked",
    "ConsentDecision",
    "ConsentStatus",
    "DecidedBy",
    "DisclosureRequest",
    "InformationKind",
    "Overridden",
    "OverrideGround",
    "Purpose",
    "SharingDecision",
    "consent_in_force",
    "decide",
]
