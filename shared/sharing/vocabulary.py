"""The words of information sharing: purposes, kinds of information, consent and legal grounds.

The mapping from purpose to the kinds of information it needs is the "share only what the purpose
needs" rule of the toolkit, written down once so that the policy, the API and the portal agree.
"""

from __future__ import annotations

from enum import StrEnum


class Purpose(StrEnum):
    SAFEGUARDING_ENQUIRY = "safeguarding_enquiry"
    CARE_AND_SUPPORT_PLANNING = "care_and_support_planning"
    HEALTH_TREATMENT = "health_treatment"
    CRIMINAL_INVESTIGATION = "criminal_investigation"
    PROTECTING_OTHERS = "protecting_others"
    RISK_MEETING = "risk_meeting"  # MARAC or JMAPPA

    @property
    def label(self) -> str:
        return PURPOSE_LABELS[self]


PURPOSE_LABELS: dict[Purpose, str] = {
    Purpose.SAFEGUARDING_ENQUIRY: "the safeguarding enquiry",
    Purpose.CARE_AND_SUPPORT_PLANNING: "planning their care and support",
    Purpose.HEALTH_TREATMENT: "their health care",
    Purpose.CRIMINAL_INVESTIGATION: "a criminal investigation",
    Purpose.PROTECTING_OTHERS: "protecting other adults or children at risk",
    Purpose.RISK_MEETING: "a MARAC or JMAPPA risk meeting",
}


class InformationKind(StrEnum):
    IDENTITY = "identity"  # name, date of birth
    CONTACT_DETAILS = "contact_details"
    COMMUNICATION_PREFERENCES = "communication_preferences"
    RISKS = "risks"
    ALLEGATION = "allegation"  # what happened, the person alleged to cause harm
    DESIRED_OUTCOMES = "desired_outcomes"
    CAPACITY_AND_ADVOCACY = "capacity_and_advocacy"
    HEALTH = "health"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


_K = InformationKind
PURPOSE_NEEDS: dict[Purpose, frozenset[InformationKind]] = {
    Purpose.SAFEGUARDING_ENQUIRY: frozenset(
        {
            _K.IDENTITY,
            _K.CONTACT_DETAILS,
            _K.COMMUNICATION_PREFERENCES,
            _K.RISKS,
            _K.ALLEGATION,
            _K.DESIRED_OUTCOMES,
            _K.CAPACITY_AND_ADVOCACY,
        }
    ),
    Purpose.CARE_AND_SUPPORT_PLANNING: frozenset(
        {
            _K.IDENTITY,
            _K.CONTACT_DETAILS,
            _K.COMMUNICATION_PREFERENCES,
            _K.DESIRED_OUTCOMES,
            _K.CAPACITY_AND_ADVOCACY,
            _K.HEALTH,
        }
    ),
    Purpose.HEALTH_TREATMENT: frozenset(
        {
            _K.IDENTITY,
            _K.CONTACT_DETAILS,
            _K.COMMUNICATION_PREFERENCES,
            _K.CAPACITY_AND_ADVOCACY,
            _K.HEALTH,
        }
    ),
    Purpose.CRIMINAL_INVESTIGATION: frozenset(
        {_K.IDENTITY, _K.CONTACT_DETAILS, _K.COMMUNICATION_PREFERENCES, _K.RISKS, _K.ALLEGATION}
    ),
    Purpose.PROTECTING_OTHERS: frozenset({_K.IDENTITY, _K.RISKS, _K.ALLEGATION}),
    Purpose.RISK_MEETING: frozenset({_K.IDENTITY, _K.CONTACT_DETAILS, _K.RISKS, _K.ALLEGATION}),
}


class ConsentStatus(StrEnum):
    GIVEN = "given"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"


class DecidedBy(StrEnum):
    PERSON = "person"
    ADVOCATE = "advocate"
    ATTORNEY = "attorney"
    DELEGATE = "delegate"


class OverrideGround(StrEnum):
    """The lawful grounds for sharing without consent (DOMAIN.md)."""

    LACKS_CAPACITY = "lacks_capacity"
    EMERGENCY = "emergency"
    CRIME = "crime"
    PUBLIC_INTEREST = "public_interest"
    STAFF_IMPLICATED = "staff_implicated"
    MARAC_OR_JMAPPA = "marac_or_jmappa"

    @property
    def label(self) -> str:
        return GROUND_LABELS[self]


GROUND_LABELS: dict[OverrideGround, str] = {
    OverrideGround.LACKS_CAPACITY: "the person lacks capacity for this decision",
    OverrideGround.EMERGENCY: "an emergency or life-threatening situation",
    OverrideGround.CRIME: "a crime may have been committed, or sharing could prevent a serious one",
    OverrideGround.PUBLIC_INTEREST: "a wider public interest: other adults or children are at risk",
    OverrideGround.STAFF_IMPLICATED: "staff are implicated",
    OverrideGround.MARAC_OR_JMAPPA: "the concern meets MARAC or JMAPPA criteria",
}
