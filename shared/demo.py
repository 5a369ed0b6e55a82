"""Demo enquiries for `make run`, loaded through intake's API like any other command.

Ids are fixed, so loading twice changes nothing: the second open of an id is answered 409.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

import httpx

from shared.auth import Actor, Role, TokenService
from shared.settings import Settings

DEMO_NAMESPACE = uuid.UUID("5d1c8a4e-3f1b-4c1e-9a57-6d2f0b8e7c11")


@dataclass(frozen=True)
class DemoEnquiry:
    key: str
    agency_id: str
    practitioner_id: str

    @property
    def enquiry_id(self) -> uuid.UUID:
        return uuid.uuid5(DEMO_NAMESPACE, self.key)


DEMO_ENQUIRIES = (
    DemoEnquiry("case-study-1-joyce", "adult-social-care", "asc-practitioner"),
    DemoEnquiry("case-study-2-sam", "adult-social-care", "asc-practitioner"),
    DemoEnquiry("case-study-3-mrs-t", "adult-social-care", "asc-practitioner"),
    DemoEnquiry("police-referral-1", "police", "police-officer"),
    DemoEnquiry("health-referral-1", "health", "health-practitioner"),
)


def load_demo_data(settings: Settings) -> tuple[int, int]:
    """Open every demo enquiry; (opened now, already there)."""
    tokens = TokenService(settings.signing_key, ttl=timedelta(minutes=5))
    opened = existing = 0
    with httpx.Client(base_url=settings.url_of("intake"), timeout=10) as client:
        for demo in DEMO_ENQUIRIES:
            actor = Actor(
                user_id=demo.practitioner_id, agency_id=demo.agency_id, role=Role.PRACTITIONER
            )
            response = client.post(
                "/enquiries",
                json={"enquiry_id": str(demo.enquiry_id)},
                headers={"Authorization": f"Bearer {tokens.issue(actor)}"},
            )
            if response.status_code == httpx.codes.CONFLICT:
                existing += 1
            else:
                response.raise_for_status()
                opened += 1
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
