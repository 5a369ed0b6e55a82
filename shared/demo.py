"""Demo enquiries for `make run`, loaded through intake's API like any other command.

The toolkit's three case studies (Joyce, Sam, Mrs T) come with their histories; two more
referrals are only opened. Ids are fixed, so loading twice changes nothing: the second open of an
id is answered 409 and its history is not sent again. Dates are counted back from today.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx

from shared.auth import Actor, Role, TokenService
from shared.settings import Settings

DEMO_NAMESPACE = uuid.UUID("5d1c8a4e-3f1b-4c1e-9a57-6d2f0b8e7c11")
MANAGER = "manager"


def demo_id(name: str) -> str:
    return str(uuid.uuid5(DEMO_NAMESPACE, name))


def days_ago(days: int) -> str:
    return (datetime.now(UTC) - timedelta(days=days)).isoformat()


def date_ago(days: int) -> str:
    return (date.today() - timedelta(days=days)).isoformat()


@dataclass(frozen=True)
class Step:
    """One command of an enquiry's history: by its lead, or by a manager of the agency."""

    path: str
    body: dict[str, Any]
    by: str = "lead"
    method: str = "POST"
    optional: bool = False  # closure waits on the outcomes service: a refusal is not an error


@dataclass(frozen=True)
class DemoEnquiry:
    key: str
    agency_id: str
    practitioner_id: str
    concern: dict[str, Any] | None = None
    history: tuple[Step, ...] = field(default=())

    @property
    def enquiry_id(self) -> uuid.UUID:
        return uuid.uuid5(DEMO_NAMESPACE, self.key)


def three_tests(care: str, abuse: str, protect: str) -> dict[str, Any]:
    return {
        "needs_care_and_support": {"met": True, "reason": care},
        "experiencing_or_at_risk_of_abuse": {"met": True, "reason": abuse},
        "unable_to_protect_themselves": {"met": True, "reason": protect},
        "result": "Section 42 enquiry",
    }


JOYCE = DemoEnquiry(
    "case-study-1-joyce",
    "adult-social-care",
    "asc-practitioner",
    concern={
        "referrer": {"name": "Pat Jones", "role": "Community nurse", "agency": "Health"},
        "raised_at": days_ago(40),
        "what_happened": "Joyce told me her neighbour has been asking her to lend him money. "
        "She said she didn't want 'anything to be done' as he was 'very kind'.",
        "person": {
            "name": "Joyce",
            "date_of_birth": "1938-06-02",
            "gender": "Woman",
            "primary_support_reason": "Sensory Support",
            "contact": "Phone: 01534 100100",
        },
        "alleged_source_of_harm": {"relationship": "neighbour", "lives_with_person": False},
    },
    history=(
        Step(
            "/risks",
            {
                "risk_id": demo_id("joyce-risk-1"),
                "risk_type": "Financial or Material Abuse",
                "location": "Own Home",
                "source": "Other - Known to individual",
            },
        ),
        Step(
            "/section-42-decision",
            three_tests(
                "Sight loss; she needs support at home.",
                "Repeated requests to lend money.",
                "She doesn't feel she can say no to him.",
            ),
            by=MANAGER,
        ),
        Step(
            "/capacity-assessments",
            {
                "decision": "How to respond to her neighbour's requests for money",
                "outcome": "No, they did not lack capacity",
                "assessor": "asc-practitioner",
                "assessed_on": date_ago(38),
            },
        ),
        Step(
            "/communication-preferences",
            {
                "preferences": {
                    "contact_allowed": ["phone", "face to face"],
                    "contact_refused": ["letter"],
                    "in_their_words": "I can't read letters any more, please ring me.",
                    "meeting_place": "At home",
                    "pace": "Give me time to think about it.",
                }
            },
            method="PUT",
        ),
        Step(
            "/consents",
            {
                "consent_id": demo_id("joyce-consent-police"),
                "recipient_agency_id": "police",
                "purpose": "safeguarding_enquiry",
                "decision": "refused",
                "decided_by": "the person",
                "capacity_to_consent": True,
            },
        ),
        Step(
            f"/risks/{demo_id('joyce-risk-1')}/conclusion",
            {
                "assessment_outcome": "Risk identified and action taken",
                "risk_outcome": "Risk reduced",
            },
        ),
        Step(
            "/closure",
            {"closure_reason": "Outcomes met or the risk managed"},
            by=MANAGER,
            optional=True,
        ),
    ),
)

SAM = DemoEnquiry(
    "case-study-2-sam",
    "adult-social-care",
    "asc-practitioner",
    concern={
        "referrer": {"name": "Support worker", "role": "Supported living staff"},
        "raised_at": days_ago(60),
        "what_happened": "Sam told staff her boyfriend made her do things she didn't want to.",
        "person": {
            "name": "Sam",
            "date_of_birth": "1996-09-21",
            "gender": "Woman",
            "primary_support_reason": "Learning Disability Support",
        },
        "alleged_source_of_harm": {"relationship": "boyfriend", "lives_with_person": False},
    },
    history=(
        Step(
            "/risks",
            {
                "risk_id": demo_id("sam-risk-1"),
                "risk_type": "Sexual Abuse",
                "location": "Own Home",
                "source": "Other - Known to individual",
            },
        ),
        Step(
            "/section-42-decision",
            three_tests(
                "Moderate learning disability; supported living.",
                "Previous referrals alleging sexual abuse by her boyfriend.",
                "The risk remains significant and she wants to stay with him.",
            ),
            by=MANAGER,
        ),
        Step(
            "/capacity-assessments",
            {
                "decision": "Decisions about her relationship",
                "outcome": "No, they did not lack capacity",
                "assessor": "asc-practitioner",
                "assessed_on": date_ago(58),
            },
        ),
        Step(
            "/advocacy/needs",
            {
                "need_id": demo_id("sam-need-1"),
                "substantial_difficulty": True,
                "appropriate_person_available": False,
                "family_or_friend_to_consult": False,
            },
        ),
        Step(f"/advocacy/needs/{demo_id('sam-need-1')}/offer", {}),
        Step(
            f"/advocacy/needs/{demo_id('sam-need-1')}/appointment",
            {
                "advocate": {
                    "kind": "independent advocate",
                    "name": "Alex Morgan",
                    "organisation": "Island Advocacy",
                }
            },
        ),
        Step(
            "/communication-preferences",
            {
                "preferences": {
                    "contact_allowed": ["face to face", "text"],
                    "easy_read": True,
                    "pictures": True,
                    "who_to_involve": "My advocate Alex",
                    "enter_room_first": True,
                    "in_their_words": "I want to be at the meetings and say what I want.",
                }
            },
            method="PUT",
        ),
        Step(
            "/consents",
            {
                "consent_id": demo_id("sam-consent-police"),
                "recipient_agency_id": "police",
                "purpose": "safeguarding_enquiry",
                "decision": "given",
                "decided_by": "the person",
                "capacity_to_consent": True,
                "information_kinds": ["allegation", "contact_details"],
            },
        ),
    ),
)

MRS_T = DemoEnquiry(
    "case-study-3-mrs-t",
    "adult-social-care",
    "asc-practitioner",
    concern={
        "referrer": {"name": "Extended family member", "role": "Relative"},
        "raised_at": days_ago(35),
        "what_happened": "Family heard she made a Will leaving everything to the lodger, and are "
        'worried about the "state of the house".',
        "person": {
            "name": "Mrs T",
            "date_of_birth": "1950-02-11",
            "gender": "Woman",
            "primary_support_reason": "Mental Health Support",
        },
        "alleged_source_of_harm": {"relationship": "lodger", "lives_with_person": True},
    },
    history=(
        Step(
            "/risks",
            {
                "risk_id": demo_id("mrs-t-risk-1"),
                "risk_type": "Financial or Material Abuse",
                "location": "Own Home",
                "source": "Other - Known to individual",
            },
        ),
        Step(
            "/risks",
            {
                "risk_id": demo_id("mrs-t-risk-2"),
                "risk_type": "Neglect and Acts of Omission",
                "location": "Own Home",
                "source": "Other - Known to individual",
            },
        ),
        Step(
            "/section-42-decision",
            three_tests(
                "Mental health needs; currently an inpatient.",
                "Possible financial abuse and neglect by the lodger.",
                "She is too unwell to protect her interests at present.",
            ),
            by=MANAGER,
        ),
        Step(
            "/capacity-assessments",
            {
                "decision": "Discussing her finances and her Will",
                "outcome": "Yes, they lacked capacity",
                "assessor": "Ward psychiatrist",
                "assessed_on": date_ago(33),
                "fluctuates": True,
            },
        ),
        Step(
            "/timescales/pause",
            {"reason": "Mrs T is unwell; waiting for her to recover and regain capacity."},
        ),
        Step(
            "/advocacy/needs",
            {
                "need_id": demo_id("mrs-t-need-1"),
                "substantial_difficulty": True,
                "appropriate_person_available": False,
                "family_or_friend_to_consult": False,
            },
        ),
        Step(
            f"/advocacy/needs/{demo_id('mrs-t-need-1')}/appointment",
            {
                "advocate": {
                    "kind": "independent capacity advocate",
                    "name": "Jo Le Brun",
                    "organisation": "Capacity Advocacy Jersey",
                }
            },
        ),
        Step(
            "/capacity-assessments",
            {
                "decision": "Discussing her finances and her Will",
                "outcome": "No, they did not lack capacity",
                "assessor": "Care coordinator",
                "assessed_on": date_ago(12),
                "fluctuates": True,
            },
        ),
        Step(
            "/timescales/resume",
            {"reason": "Mrs T has recovered and can discuss the arrangements."},
        ),
        Step(
            f"/risks/{demo_id('mrs-t-risk-1')}/conclusion",
            {"assessment_outcome": "Enquiry ceased at individual's request and no action taken"},
        ),
        Step(
            f"/risks/{demo_id('mrs-t-risk-2')}/conclusion",
            {"assessment_outcome": "No risk identified and no action taken"},
        ),
        Step(
            "/closure",
            {"closure_reason": "The person declined further involvement"},
            by=MANAGER,
            optional=True,
        ),
    ),
)


def referral(key: str, agency: str, practitioner: str) -> DemoEnquiry:
    return DemoEnquiry(key, agency, practitioner)


DEMO_ENQUIRIES = (
    JOYCE,
    SAM,
    MRS_T,
    referral("police-referral-1", "police", "police-officer"),
    referral("health-referral-1", "health", "health-practitioner"),
)


class Loader:
    def __init__(self, client: httpx.Client, tokens: TokenService) -> None:
        self.client, self.tokens = client, tokens

    def headers(self, demo: DemoEnquiry, by: str) -> dict[str, str]:
        if by == MANAGER:
            # The agency's demo manager, as the portal's demo accounts and the staff directory
            # name them, so the timeline and the access log show someone who can sign in.
            manager = demo_managers()[demo.agency_id]
            actor = Actor(user_id=manager, agency_id=demo.agency_id, role=Role.MANAGER)
        else:
            actor = Actor(
                user_id=demo.practitioner_id, agency_id=demo.agency_id, role=Role.PRACTITIONER
            )
        return {"Authorization": f"Bearer {self.tokens.issue(actor)}"}

    def load(self, demo: DemoEnquiry) -> bool:
        """Open the enquiry and replay its history; False if it was already there."""
        body: dict[str, Any] = {"enquiry_id": str(demo.enquiry_id)}
        if demo.concern is not None:
            body["concern"] = demo.concern
        response = self.client.post("/enquiries", json=body, headers=self.headers(demo, "lead"))
        if response.status_code == httpx.codes.CONFLICT:
            return False
        response.raise_for_status()
        version = int(response.json()["version"])
        for step in demo.history:
            answer = self.client.request(
                step.method,
                f"/enquiries/{demo.enquiry_id}{step.path}",
                json={"expected_version": version, **step.body},
                headers=self.headers(demo, step.by),
            )
            if step.optional and answer.status_code == httpx.codes.CONFLICT:
                continue
            answer.raise_for_status()
            version = int(answer.json()["version"])
        return True


def load_demo_data(settings: Settings) -> tuple[int, int]:
    """Open every demo enquiry with its history; (opened now, already there)."""
    tokens = TokenService(settings.signing_key, ttl=timedelta(minutes=5))
    opened = existing = 0
    with httpx.Client(base_url=settings.url_of("intake"), timeout=10) as client:
        loader = Loader(client, tokens)
        for demo in DEMO_ENQUIRIES:
            if loader.load(demo):
                opened += 1
            else:
                existing += 1
    return opened, existing


@dataclass(frozen=True)
class DemoSignIn:
    email: str
    role: str
    agency_id: str


def load_demo_accounts(settings: Settings) -> tuple[list[DemoSignIn], str]:
    """Create the portal's demo accounts (again is harmless); who can sign in, and the password.

    The portal owns its accounts: they are written to its database by its own code, imported
    here lazily so that `shared` does not depend on the portal.
    """
    import asyncio

    from services.portal import demo_accounts

    asyncio.run(demo_accounts.ensure_demo_accounts(settings))
    sign_ins = [
        DemoSignIn(account.email, account.role.value, account.agency_id)
        for account in demo_accounts.DEMO_ACCOUNTS
    ]
    return sign_ins, demo_accounts.DEMO_PASSWORD


@dataclass(frozen=True)
class DemoStaffMember:
    user_id: str
    agency_id: str
    email: str
    manager_id: str | None


def demo_managers() -> dict[str, str]:
    """Each agency's demo manager (agency id -> user id), from the portal's demo accounts: the
    one who signs the demo's manager steps and receives its escalations, someone who can sign
    in and see them."""
    # Imported here: shared/ must not import a service's code when it is loaded.
    from services.portal.demo_accounts import DEMO_ACCOUNTS

    return {a.agency_id: a.user_id for a in DEMO_ACCOUNTS if a.role is Role.MANAGER}


def demo_staff() -> list[DemoStaffMember]:
    """Notifications' staff directory for the demo, managers first: the portal's demo accounts
    of the agencies with a manager, each practitioner managed by their agency's manager."""
    from services.portal.demo_accounts import DEMO_ACCOUNTS

    managers = demo_managers()
    members = [
        DemoStaffMember(
            account.user_id,
            account.agency_id,
            account.email,
            None if account.role is Role.MANAGER else managers[account.agency_id],
        )
        for account in DEMO_ACCOUNTS
        if account.agency_id in managers
    ]
    return sorted(members, key=lambda member: member.manager_id is not None)


def load_demo_staff(settings: Settings) -> int:
    """Notifications' staff directory, managers first; how many members it now holds from the
    demo (recording the same again changes nothing)."""
    tokens = TokenService(settings.signing_key, ttl=timedelta(minutes=5))
    managers, staff = demo_managers(), demo_staff()
    with httpx.Client(base_url=settings.url_of("notifications"), timeout=10) as client:
        for member in staff:
            actor = Actor(
                user_id=managers[member.agency_id], agency_id=member.agency_id, role=Role.MANAGER
            )
            client.put(
                f"/staff/{member.user_id}",
                json={"email": member.email, "manager_id": member.manager_id},
                headers={"Authorization": f"Bearer {tokens.issue(actor)}"},
            ).raise_for_status()
    return len(staff)
