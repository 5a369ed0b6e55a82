"""The staff directory: record a member (manager or administrator of their agency), and the
lookups reminders and escalations make."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from services.notifications.domain.errors import NotAllowed, RuleBroken
from services.notifications.domain.reminders import Manager
from services.notifications.tables import staff
from shared.auth import Actor, Role
from shared.contracts.notifications import StaffMemberRecorded
from shared.runtime import ServiceRuntime

MAY_RECORD = {Role.MANAGER, Role.ADMINISTRATOR}


def staff_stream(user_id: str) -> str:
    return f"staff-{user_id}"


async def record_staff_member(
    runtime: ServiceRuntime,
    *,
    user_id: str,
    email: str | None,
    manager_id: str | None,
    actor: Actor,
    correlation_id: str,
) -> bool:
    """In the actor's agency only; a member cannot manage themselves, and their manager must be
    in the directory, in the same agency. Recording what is already there appends nothing
    (False), so loading the demo directory again changes nothing."""
    if actor.role not in MAY_RECORD:
        raise NotAllowed("Only a manager or an administrator can change the staff directory.")
    if manager_id == user_id:
        raise RuleBroken("Someone cannot be their own manager.", field="manager_id")
    if manager_id is not None:
        manager = await member(runtime, manager_id)
        if manager is None or manager["agency_id"] != actor.agency_id:
            raise RuleBroken(
                "The manager must be in the staff directory of your agency first.",
                field="manager_id",
            )
    current = await member(runtime, user_id)
    if current is not None and current["agency_id"] != actor.agency_id:
        raise NotAllowed("This person is in another agency's staff directory.")
    if current is not None and (current["email"], current["manager_id"]) == (email, manager_id):
        return False
    event = StaffMemberRecorded(
        user_id=user_id,
        agency_id=actor.agency_id,
        email=email,
        manager_id=manager_id,
        recorded_by=actor.user_id,
        recorded_at=runtime.clock.now(),
    )
    stream = staff_stream(user_id)
    version = len(await runtime.store.load(stream))
    await runtime.store.append(stream, version, [event], actor=actor, correlation_id=correlation_id)
    return True


async def member(runtime: ServiceRuntime, user_id: str) -> dict[str, Any] | None:
    async with runtime.db.read() as conn:
        row = (await conn.execute(select(staff).where(staff.c.user_id == user_id))).mappings()
        found = row.first()
    return dict(found) if found else None


async def email_of(runtime: ServiceRuntime, user_id: str) -> str | None:
    """The directory's email; else `<user id>@MSP_NOTIFICATIONS_STAFF_EMAIL_DOMAIN` when set."""
    async with runtime.db.read() as conn:
        email = await conn.scalar(select(staff.c.email).where(staff.c.user_id == user_id))
    domain = runtime.settings.notifications_staff_email_domain
    return email or (f"{user_id}@{domain}" if domain else None)


async def manager_of(runtime: ServiceRuntime, user_id: str, *, agency_id: str) -> Manager | None:
    """Their own manager in the lead agency, or None: the escalation goes to the shared queue."""
    async with runtime.db.read() as conn:
        manager_id = await conn.scalar(
            select(staff.c.manager_id).where(
                staff.c.user_id == user_id, staff.c.agency_id == agency_id
            )
        )
        if manager_id is None:
            return None
        row = (
            await conn.execute(
                select(staff.c.email).where(
                    staff.c.user_id == manager_id, staff.c.agency_id == agency_id
                )
            )
        ).first()
    return Manager(manager_id, row.email if row else None)


async def directory_of(runtime: ServiceRuntime, agency_id: str) -> list[dict[str, object]]:
    query = select(staff).where(staff.c.agency_id == agency_id).order_by(staff.c.user_id)
    async with runtime.db.read() as conn:
        return [dict(row) for row in (await conn.execute(query)).mappings().all()]
