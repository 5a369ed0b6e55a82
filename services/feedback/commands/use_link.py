"""Use cases of the person holding a single-use link: open it, answer, or say "don't ask me".

Every failure (unknown, malformed, used, expired, replaced, refused) is the same LinkUnusable,
so a link reveals nothing about anyone. A race with another change is retried; a race with the
same link's other use ends as LinkUnusable, because the link is used by then.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar
from uuid import UUID

from services.feedback import links, queries
from services.feedback.commands import enquiry_stream
from services.feedback.commands.record_answers import record_answers
from services.feedback.domain import decisions
from services.feedback.domain.decisions import Answering
from services.feedback.domain.errors import LinkUnusable
from services.feedback.domain.state import EnquiryFeedback, Request
from shared.auth import SYSTEM_ACTOR
from shared.contracts.feedback import Answers, Channel, Respondent
from shared.eventstore.errors import ConcurrencyError
from shared.runtime import ServiceRuntime

ATTEMPTS = 3
T = TypeVar("T")


@dataclass(frozen=True)
class OpenLink:
    enquiry_id: UUID
    request: Request
    respondent: Respondent
    state: EnquiryFeedback


async def open_link(runtime: ServiceRuntime, token: str) -> OpenLink:
    if not links.looks_like_a_token(token):
        raise LinkUnusable
    token_sha256 = links.hash_of(token)
    row = await queries.link_by_hash(runtime.db, token_sha256)
    if row is None:
        raise LinkUnusable
    state = await enquiry_stream.load(runtime, row["enquiry_id"])
    request, respondent = decisions.usable_link(state, token_sha256, runtime.clock.now())
    return OpenLink(row["enquiry_id"], request, respondent, state)


async def _retrying(action: Callable[[], Awaitable[T]]) -> T:
    for _ in range(ATTEMPTS - 1):
        try:
            return await action()
        except ConcurrencyError:
            continue
    try:
        return await action()
    except ConcurrencyError as error:
        raise LinkUnusable from error


async def answer_through_link(
    runtime: ServiceRuntime,
    token: str,
    *,
    answers: Answers,
    anonymous: bool,
    easy_read: bool,
    correlation_id: str,
) -> None:
    async def attempt() -> None:
        link = await open_link(runtime, token)
        answering = Answering(
            enquiry_id=link.enquiry_id,
            request_id=link.request.request_id,
            respondent=link.respondent,
            answers=answers,
            channel=Channel.LINK,
            anonymous=anonymous,
            easy_read=easy_read,
        )
        await record_answers(runtime, answering, actor=SYSTEM_ACTOR, correlation_id=correlation_id)

    await _retrying(attempt)


async def refuse_through_link(runtime: ServiceRuntime, token: str, *, correlation_id: str) -> None:
    async def attempt() -> None:
        link = await open_link(runtime, token)
        events = decisions.refuse(
            link.state,
            enquiry_id=link.enquiry_id,
            request_id=link.request.request_id,
            refused_by=link.respondent,
            channel=Channel.LINK,
            recorded_by=None,
            now=runtime.clock.now(),
        )
        await enquiry_stream.append(
            runtime,
            link.enquiry_id,
            link.state,
            events,
            actor=SYSTEM_ACTOR,
            correlation_id=correlation_id,
        )

    await _retrying(attempt)
