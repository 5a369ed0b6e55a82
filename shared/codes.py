"""The national code lists (DOMAIN.md): the values board reports are counted by.

Every service imports them from here, so that a value outside a list is refused the same way
everywhere: pydantic names the allowed values in its message.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum


class RiskType(StrEnum):
    PHYSICAL = "Physical Abuse"
    SEXUAL = "Sexual Abuse"
    PSYCHOLOGICAL = "Psychological Abuse"
    FINANCIAL = "Financial or Material Abuse"
    DISCRIMINATORY = "Discriminatory Abuse"
    ORGANISATIONAL = "Organisational Abuse"
    NEGLECT = "Neglect and Acts of Omission"
    DOMESTIC = "Domestic Abuse"
    SEXUAL_EXPLOITATION = "Sexual Exploitation"
    MODERN_SLAVERY = "Modern Slavery"
    SELF_NEGLECT = "Self-Neglect"


class RiskLocation(StrEnum):
    OWN_HOME = "Own Home"
    COMMUNITY = "In the Community (excluding community services)"
    COMMUNITY_SERVICE = "Community Service"
    CARE_HOME_NURSING = "Care Home - Nursing"
    CARE_HOME_RESIDENTIAL = "Care Home - Residential"
    HOSPITAL_ACUTE = "Hospital - Acute"
    HOSPITAL_MENTAL_HEALTH = "Hospital - Mental Health"
    HOSPITAL_COMMUNITY = "Hospital - Community"
    OTHER = "Other"


class RiskSource(StrEnum):
    SERVICE_PROVIDER = "Service Provider"
    KNOWN = "Other - Known to individual"
    UNKNOWN = "Other - Unknown to individual"


class RiskAssessmentOutcome(StrEnum):
    IDENTIFIED_ACTION = "Risk identified and action taken"
    IDENTIFIED_NO_ACTION = "Risk identified and no action taken"
    INCONCLUSIVE_ACTION = "Risk assessment inconclusive and action taken"
    INCONCLUSIVE_NO_ACTION = "Risk assessment inconclusive and no action taken"
    NONE_ACTION = "No risk identified and action taken"
    NONE_NO_ACTION = "No risk identified and no action taken"
    CEASED = "Enquiry ceased at individual's request and no action taken"

    @property
    def risk_identified(self) -> bool:
        return self in {RiskAssessmentOutcome.IDENTIFIED_ACTION, self.IDENTIFIED_NO_ACTION}


class RiskOutcome(StrEnum):
    REMAINED = "Risk remained"
    REDUCED = "Risk reduced"
    REMOVED = "Risk removed"


class CapacityOutcome(StrEnum):
    LACKED = "Yes, they lacked capacity"
    DID_NOT_LACK = "No, they did not lack capacity"
    DONT_KNOW = "Don't know"
    NOT_RECORDED = "Not recorded"


class OutcomesAsked(StrEnum):
    """Per enquiry: were they asked what they wanted to happen?"""

    ASKED_EXPRESSED = "Yes they were asked and outcomes were expressed"
    ASKED_NONE_EXPRESSED = "Yes they were asked but no outcomes were expressed"
    NO = "No"
    DONT_KNOW = "Don't know"
    NOT_RECORDED = "Not recorded"


class Section42Result(StrEnum):
    SECTION_42 = "Section 42 enquiry"
    OTHER = "Other enquiry"
    NO_ENQUIRY = "No enquiry"


class NoEnquiryRouting(StrEnum):
    """Where a concern goes when it does not lead to an enquiry."""

    ADVICE_AND_GUIDANCE = "Advice and guidance"
    CARE_ASSESSMENT = "Care and support assessment"
    SIGNPOSTED = "Signposted to another agency"
    NO_FURTHER_ACTION = "No further action"


class AgeBand(StrEnum):
    """The reporting age bands, from the date of birth at the concern."""

    AGE_18_64 = "18-64"
    AGE_65_74 = "65-74"
    AGE_75_84 = "75-84"
    AGE_85_94 = "85-94"
    AGE_95_PLUS = "95+"
    UNDER_18 = "Under 18"

    @classmethod
    def of(cls, born: date, on: date) -> AgeBand:
        age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
        for floor, band in ((95, cls.AGE_95_PLUS), (85, cls.AGE_85_94), (75, cls.AGE_75_84)):
            if age >= floor:
                return band
        if age >= 65:
            return cls.AGE_65_74
        return cls.AGE_18_64 if age >= 18 else cls.UNDER_18


class PrimarySupportReason(StrEnum):
    PHYSICAL = "Physical Support"
    SENSORY = "Sensory Support"
    MEMORY_AND_COGNITION = "Support with Memory and Cognition"
    LEARNING_DISABILITY = "Learning Disability Support"
    MENTAL_HEALTH = "Mental Health Support"
    SOCIAL = "Social Support"
    NONE = "No Support Reason"
    NOT_KNOWN = "Not Known"


class ContactMethod(StrEnum):
    FACE_TO_FACE = "face to face"
    PHONE = "phone"
    LETTER = "letter"
    EMAIL = "email"
    TEXT = "text"


class AdvocateKind(StrEnum):
    FAMILY_OR_FRIEND = "family or friend"
    INDEPENDENT_ADVOCATE = "independent advocate"
    ICA = "independent capacity advocate"


class ConsentDecision(StrEnum):
    GIVEN = "given"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"


class ConsentDecidedBy(StrEnum):
    PERSON = "the person"
    ADVOCATE = "their advocate"
    ATTORNEY = "an attorney"
    DELEGATE = "a delegate"


class SharingGround(StrEnum):
    """Lawful grounds for sharing without consent (DOMAIN.md), recorded with every override."""

    LACKS_CAPACITY = "The person may lack capacity for the decision"
    EMERGENCY = "An emergency or life-threatening situation"
    CRIME = "A crime may have been committed or sharing could prevent a serious crime"
    PUBLIC_INTEREST = "A wider public interest (other adults or children at risk)"
    STAFF_IMPLICATED = "Staff are implicated"
    MARAC_OR_JMAPPA = "The concern meets MARAC or JMAPPA criteria"


class ClosureReason(StrEnum):
    OUTCOMES_MET = "Outcomes met or the risk managed"
    PERSON_DECLINED = "The person declined further involvement"
    NO_FURTHER_ACTION = "No further safeguarding action needed"
    TRANSFERRED = "Transferred to another area or process"
    PERSON_DIED = "The person died"
