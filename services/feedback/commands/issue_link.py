"""Use case: make a single-use link for one respondent. The token is returned here, once, and
never stored: the event and the read model keep only its SHA-256 hash."""

from __future__ import annotations

from uuid import UUID

from services.feedback import links, queries
from services.feedback.commands import enquiry_stream
from services.feedback.domain import decisions
from shared.auth import Actor
from shared.contracts.feedback import FeedbackLinkIssued, Respondent
from shared.runtime import ServiceRuntime


async def issue_link(
    runtime: ServiceRuntime,
    *,
    request_id: UUID,
    respondent: Respondent,
    actor: Actor,
    correlation_id: str,
) -> tuple[str, FeedbackLinkIssued]:
    row = await queries.request_of_agency(runtime.db, request_id, actor.agency_id)
    enquiry_id = row["enquiry_id"]
    state = await enquiry_stream.load(runtime, enquiry_id)
    token = links.new_token()
    events = decisions.issue_link(
        state,
        enquiry_id=enquiry_id,
        request_id=request_id,
        respondent=respondent,
        token_sha256=links.hash_of(token),
        now=runtime.clock.now(),
    )
    await enquiry_stream.append(
        runtime, enquiry_id, state, events, actor=actor, correlation_id=correlation_id
    )
    (issued,) = events
    assert isinstance(issued, FeedbackLinkIssued)
    return token, issued
