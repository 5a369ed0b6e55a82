"""The board report's query over the read models, on SQLite and PostgreSQL: a fixed set of
events, and every cell compared with the value worked out by hand, in both modes."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta

import pytest

from services.feedback.app import DEFINITION as FEEDBACK
from services.feedback.commands import enquiry_stream
from services.feedback.commands.expire_overdue_requests import expire_overdue_requests
from services.feedback.commands.record_anonymous_feedback import record_anonymous_feedback
from services.feedback.commands.record_answers import record_answers
from services.feedback.commands.refuse import refuse
from services.feedback.commands.when_enquiry_closed_request_feedback import (
    request_feedback_for_new_closures,
)
from services.feedback.domain.decisions import Answering
from services.feedback.report.build import ASKED_CODES
from services.feedback.report.model import BoardReport, to_json
from services.feedback.report.query import board_report
from shared.auth import Actor
from shared.clock import FixedClock
from shared.codes import (
    AdvocateKind,
    AgeBand,
    CapacityOutcome,
    ClosureReason,
    RiskAssessmentOutcome,
    RiskLocation,
    RiskOutcome,
    RiskSource,
    RiskType,
    Section42Result,
)
from shared.contracts.feedback import Answers, Channel, Respondent, YesNoNotSure
from shared.contracts.intake import (
    Advocate,
    AdvocateAppointed,
    CapacityAssessed,
    ConcernRaised,
    EnquiryClosed,
    EnquiryOpened,
    EnquiryReopened,
    Person,
    Referrer,
    RiskConcluded,
    RiskIdentified,
    Section42Decided,
    Section42Test,
)
from shared.contracts.outcomes import OutcomesConcluded, ReviewOverdue
from shared.events import DomainEvent, EventEnvelope
from shared.runtime import ServiceRuntime
from shared.settings import Settings
from tests.support import an_actor, migrate

pytestmark = pytest.mark.integration
CARE, POLICE = "adult-social-care", "police"
Q2_FROM, Q2_TO = date(2026, 4, 1), date(2026, 7, 1)
# The sweeper decides as the quarter starts (every closure is then within its 8 weeks); the
# answers, the refusal and the expiry happen on 30 June.
SWEEP_STARTS = datetime(2026, 4, 1, tzinfo=UTC)
NOW = datetime(2026, 6, 30, 12, 0, tzinfo=UTC)
YES_EXPRESSED, NO, DONT_KNOW = ASKED_CODES[0], ASKED_CODES[2], ASKED_CODES[3]
C = "[c]"
POSITIONS = itertools.count(1)
# Words and names that must never reach the report.
PRIVATE = ("Ada Lovelace", "Her nephew took her pension.", "Sam Neighbour", "Pat Friend", "nephew")


def on(month: int, day: int) -> datetime:
    return datetime(2026, month, day, 9, 0, tzinfo=UTC)


def envelope(event: DomainEvent, actor: Actor) -> EventEnvelope:
    return EventEnvelope(
        event_id=uuid.uuid4(),
        event_type=event.event_type,
        schema_version=event.schema_version,
        stream_id=str(getattr(event, "enquiry_id", uuid.uuid4())),
        version=1,
        position=next(POSITIONS),
        occurred_at=NOW,
        actor=actor,
        correlation_id=str(uuid.uuid4()),
        payload=event.model_dump(mode="json"),
    )


class Intake:
    """Intake's facts about one enquiry, as feedback's groups receive them."""

    def __init__(self, runtime: ServiceRuntime, agency: str, opened_at: datetime) -> None:
        self.runtime, self.id = runtime, uuid.uuid4()
        self.lead = an_actor(agency=agency, user=f"lead-{agency}")
        self.opened_at = opened_at

    async def receive(self, purpose: str, event: DomainEvent) -> None:
        (subscription,) = [s for s in FEEDBACK.subscriptions if s.purpose == purpose]
        await self.runtime.applier_for(subscription).apply([envelope(event, self.lead)])

    async def receive_in_both(self, purpose: str, event: DomainEvent) -> None:
        """Openings and closures reach the report's group too (every group reads the stream)."""
        await self.receive(purpose, event)
        await self.receive("report", event)

    async def opened(self) -> Intake:
        await self.receive_in_both(
            "enquiries",
            EnquiryOpened(
                enquiry_id=self.id,
                lead_agency_id=self.lead.agency_id,
                lead_practitioner_id=self.lead.user_id,
                opened_at=self.opened_at,
            ),
        )
        return self

    async def closed(self, at: datetime) -> Intake:
        await self.receive_in_both(
            "closures",
            EnquiryClosed(
                enquiry_id=self.id,
                lead_agency_id=self.lead.agency_id,
                lead_practitioner_id=self.lead.user_id,
                closed_at=at,
                closure_reason=ClosureReason.OUTCOMES_MET,
                signed_off_by="manager-1",
            ),
        )
        return self

    async def reopened(self, at: datetime) -> Intake:
        await self.receive(
            "closures", EnquiryReopened(enquiry_id=self.id, reopened_at=at, reason="more to do")
        )
        return self

    async def concern(self, raised_at: datetime) -> Intake:
        await self.receive(
            "report",
            ConcernRaised(
                enquiry_id=self.id,
                referrer=Referrer(name="Sam Neighbour", role="neighbour"),
                raised_at=raised_at,
                what_happened="Her nephew took her pension.",
                person=Person(name="Ada Lovelace", date_of_birth=date(1940, 12, 10)),
                age_band=AgeBand.AGE_85_94,
            ),
        )
        return self

    async def section42(self, result: Section42Result, at: datetime) -> Intake:
        test = Section42Test(met=result != Section42Result.NO_ENQUIRY, reason="the nephew")
        await self.receive(
            "report",
            Section42Decided(
                enquiry_id=self.id,
                needs_care_and_support=test,
                experiencing_or_at_risk_of_abuse=test,
                unable_to_protect_themselves=test,
                result=result,
                decided_by="manager-1",
                decided_at=at,
            ),
        )
        return self

    async def risk(
        self,
        kind: RiskType,
        location: RiskLocation,
        source: RiskSource,
        assessed: RiskAssessmentOutcome | None = None,
        outcome: RiskOutcome | None = None,
    ) -> Intake:
        risk_id = uuid.uuid4()
        await self.receive(
            "report",
            RiskIdentified(
                enquiry_id=self.id,
                risk_id=risk_id,
                risk_type=kind,
                location=location,
                source=source,
            ),
        )
        if assessed is not None:
            await self.receive(
                "report",
                RiskConcluded(
                    enquiry_id=self.id,
                    risk_id=risk_id,
                    assessment_outcome=assessed,
                    risk_outcome=outcome,
                ),
            )
        return self

    async def capacity(self, *outcomes: CapacityOutcome) -> Intake:
        for outcome in outcomes:
            await self.receive(
                "report",
                CapacityAssessed(
                    enquiry_id=self.id,
                    assessment_id=uuid.uuid4(),
                    decision="where to live",
                    outcome=outcome,
                    assessor="Dr Who",
                    assessed_on=date(2026, 4, 1),
                ),
            )
        return self

    async def advocate(self, kind: AdvocateKind) -> Intake:
        await self.receive(
            "report",
            AdvocateAppointed(
                enquiry_id=self.id,
                need_id=uuid.uuid4(),
                advocate=Advocate(kind=kind, name="Pat Friend"),
                appointed_at=on(4, 2),
            ),
        )
        return self

    async def review_overdue(self, due_on: date) -> Intake:
        await self.receive(
            "reviews",
            ReviewOverdue(
                enquiry_id=self.id,
                lead_agency_id=self.lead.agency_id,
                lead_practitioner_id=self.lead.user_id,
                due_on=due_on,
            ),
        )
        return self

    async def concluded(
        self, at: datetime, code: str, fully: int, partially: int, not_achieved: int
    ) -> Intake:
        await self.receive(
            "conclusions",
            OutcomesConcluded(
                enquiry_id=self.id,
                lead_agency_id=self.lead.agency_id,
                asked_code=code,
                fully=fully,
                partially=partially,
                not_achieved=not_achieved,
                concluded_at=at,
            ),
        )
        return self


@pytest.fixture
async def runtime(settings: Settings) -> AsyncIterator[ServiceRuntime]:
    """Feedback's store, read models and use cases on a fixed clock; no broker needed."""
    await migrate(FEEDBACK, settings)
    runtime = ServiceRuntime(FEEDBACK, settings, clock=FixedClock(SWEEP_STARTS))
    yield runtime
    await runtime.store.close()
    await runtime.redis.aclose()
    await runtime.db.dispose()


async def a_quarter_of_facts(runtime: ServiceRuntime) -> None:
    """The fixed set of events; the hand-worked figures are in the assertions below."""
    # As intake allows: the facts of an enquiry while it is open, then its closure.
    e1 = await (await Intake(runtime, CARE, on(4, 1)).opened()).concern(on(3, 1))
    e2 = await (await Intake(runtime, CARE, on(4, 2)).opened()).concern(on(4, 2))
    e3 = await (await Intake(runtime, CARE, on(4, 3)).opened()).concern(on(4, 1))
    e4 = await Intake(runtime, CARE, on(4, 4)).opened()
    e5 = await (await Intake(runtime, CARE, on(4, 5)).opened()).concern(on(4, 5))  # stays open
    e6 = await Intake(runtime, CARE, on(4, 6)).opened()
    e0 = await Intake(runtime, CARE, on(1, 10)).opened()
    p1 = await (await Intake(runtime, POLICE, on(5, 1)).opened()).concern(on(4, 30))
    p2 = await (await Intake(runtime, POLICE, on(5, 2)).opened()).concern(on(5, 2))  # stays open

    s42, other, none = Section42Result
    await e1.section42(s42, on(4, 2))
    await e2.section42(other, on(4, 3))
    await (await e3.section42(none, on(4, 4))).section42(s42, on(4, 10))  # the latest counts
    await e4.section42(s42, on(3, 31))  # before the quarter
    await e5.section42(s42, on(4, 6))
    await p1.section42(other, on(5, 1))
    await p2.section42(none, on(5, 3))

    # Risks of the enquiries closed in the quarter (e5's is still open: not counted).
    home, known = RiskLocation.OWN_HOME, RiskSource.KNOWN
    action = RiskAssessmentOutcome.IDENTIFIED_ACTION
    await e1.risk(RiskType.PHYSICAL, home, known, action, RiskOutcome.REDUCED)
    await e1.risk(RiskType.FINANCIAL, home, known, action, RiskOutcome.REMOVED)
    await e2.risk(
        RiskType.NEGLECT,
        RiskLocation.CARE_HOME_RESIDENTIAL,
        RiskSource.SERVICE_PROVIDER,
        RiskAssessmentOutcome.NONE_NO_ACTION,
    )
    await e3.risk(RiskType.PHYSICAL, RiskLocation.COMMUNITY, RiskSource.UNKNOWN)  # unassessed
    await e5.risk(RiskType.PHYSICAL, home, known, action, RiskOutcome.REMAINED)
    await p1.risk(RiskType.DOMESTIC, home, known, action, RiskOutcome.REMAINED)

    lacked, did_not_lack, dont_know, not_recorded = CapacityOutcome
    await (await e1.capacity(did_not_lack, lacked)).advocate(AdvocateKind.FAMILY_OR_FRIEND)
    await e2.capacity(lacked)  # no one appointed
    await e3.capacity(did_not_lack)
    await e4.capacity(dont_know)
    await e0.capacity(not_recorded)  # e6: never assessed, also "Not recorded"
    await (await p1.capacity(lacked)).advocate(AdvocateKind.ICA)
    await (await e5.capacity(lacked)).advocate(AdvocateKind.INDEPENDENT_ADVOCATE)  # still open

    # Days to closure count from the concern where one is recorded, else from the opening.
    await e1.closed(on(4, 11))  # concern raised before the quarter: 41 days
    await e2.closed(on(4, 22))  # 20 days
    await e3.closed(on(5, 13))  # 42 days
    await e4.closed(on(6, 20))  # 77 days
    await e6.closed(on(4, 16))
    await (await e6.reopened(on(4, 20))).closed(on(5, 6))  # counted once: 30 days
    await e0.closed(on(4, 20))  # 100 days
    await p1.closed(on(5, 8))  # 8 days

    await (await e1.review_overdue(date(2026, 4, 15))).review_overdue(date(2026, 5, 15))
    await e3.review_overdue(date(2026, 6, 1))
    await p1.review_overdue(date(2026, 6, 30))
    await e2.review_overdue(date(2026, 7, 1))  # after the quarter
    await e0.review_overdue(date(2026, 3, 31))  # before it
    await e1.concluded(on(4, 12), YES_EXPRESSED, 2, 1, 0)
    await e2.concluded(on(4, 25), NO, 0, 0, 1)
    await e6.concluded(on(4, 17), DONT_KNOW, 1, 0, 0)  # superseded by the later conclusion
    await e6.concluded(on(5, 7), YES_EXPRESSED, 1, 1, 0)
    await p1.concluded(on(5, 9), YES_EXPRESSED, 1, 0, 0)
    await e0.concluded(on(3, 30), NO, 5, 0, 0)  # before the quarter

    assert await request_feedback_for_new_closures(runtime, due_within=timedelta(weeks=8)) == 8
    clock = runtime.clock
    assert isinstance(clock, FixedClock)
    clock.advance(NOW - SWEEP_STARTS)
    colleague = an_actor(agency=CARE, user="practitioner-colleague")
    await record_answers(
        runtime,
        Answering(
            enquiry_id=e3.id,
            request_id=await request_of(runtime, e3.id),
            respondent=Respondent.PERSON,
            answers=Answers(
                feel_safer=YesNoNotSure.YES,
                satisfaction=4,
                what_would_have_made_it_better="Being told sooner.",
            ),
            channel=Channel.CONVERSATION,
            recorded_by=colleague.user_id,
        ),
        actor=colleague,
        correlation_id="c-1",
    )
    await refuse(
        runtime,
        enquiry_id=e4.id,
        request_id=await request_of(runtime, e4.id),
        refused_by=Respondent.PERSON,
        channel=Channel.CONVERSATION,
        recorded_by=colleague.user_id,
        actor=colleague,
        correlation_id="c-2",
    )
    await record_anonymous_feedback(
        runtime,
        respondent=Respondent.PERSON,
        answers=Answers(feel_safer=YesNoNotSure.NO, satisfaction=2),
        easy_read=True,
        actor=an_actor(agency=POLICE, user="officer-1"),
        correlation_id="c-3",
    )
    # Due 8 weeks after closure: e1, e2, e6 (first closure) and e0 have passed it by 30 June.
    assert await expire_overdue_requests(runtime) == 4


async def request_of(runtime: ServiceRuntime, enquiry_id: uuid.UUID) -> uuid.UUID:
    state = await enquiry_stream.load(runtime, enquiry_id)
    (request_id,) = state.requests
    return request_id


def cells(report: BoardReport, *, publication: bool) -> dict[str, list[list[object]]]:
    """Each table as [label, cell, ...] rows."""
    document = to_json(report, publication=publication)
    return {
        t["key"]: [[row["label"], *row["cells"]] for row in t["rows"]] for t in document["tables"]
    }


def answers_of(table: list[list[object]]) -> dict[str, object]:
    return {str(row[0]): row[1] for row in table if row[1] not in (0, "[c]")}


async def test_every_cell_of_the_board_report_matches_the_hand_worked_figures(
    runtime: ServiceRuntime,
) -> None:
    await a_quarter_of_facts(runtime)

    report = await board_report(runtime.db, period_from=Q2_FROM, period_to=Q2_TO, agency_id=None)
    exact = cells(report, publication=False)
    published = cells(report, publication=True)

    assert exact["enquiries"] == [[CARE, 6, 6], [POLICE, 2, 1], ["Total", 8, 7]]
    assert published["enquiries"] == [[CARE, 5, 5], [POLICE, "[c]", "[c]"], ["Total", 10, 5]]
    # Days: 8, 20 | 30, 41, 42, 77 | 100; the median is the fourth.
    assert exact["time_to_closure"] == [
        ["Within 4 weeks", 2, None],
        ["4 to 13 weeks", 4, None],
        ["13 to 26 weeks", 1, None],
        ["Over 26 weeks", 0, None],
        ["Total", 7, 41.0],
    ]
    assert published["time_to_closure"] == [
        ["Within 4 weeks", "[c]", None],
        ["4 to 13 weeks", "[c]", None],
        ["13 to 26 weeks", "[c]", None],
        ["Over 26 weeks", "[c]", None],
        ["Total", 5, 41.0],
    ]
    assert exact["concerns"] == [[CARE, 3, 3, 1, 0], [POLICE, 2, 0, 1, 1], ["Total", 5, 3, 2, 1]]
    assert published["concerns"] == [
        [CARE, C, C, C, C],
        [POLICE, C, C, C, C],
        ["Total", 5, C, C, C],
    ]
    assert exact["risk_types"] == [
        ["Physical Abuse", 2],
        ["Sexual Abuse", 0],
        ["Psychological Abuse", 0],
        ["Financial or Material Abuse", 1],
        ["Discriminatory Abuse", 0],
        ["Organisational Abuse", 0],
        ["Neglect and Acts of Omission", 1],
        ["Domestic Abuse", 1],
        ["Sexual Exploitation", 0],
        ["Modern Slavery", 0],
        ["Self-Neglect", 0],
        ["Total", 5],
    ]
    assert exact["risk_locations"] == [
        ["Own Home", 3],
        ["In the Community (excluding community services)", 1],
        ["Community Service", 0],
        ["Care Home - Nursing", 0],
        ["Care Home - Residential", 1],
        ["Hospital - Acute", 0],
        ["Hospital - Mental Health", 0],
        ["Hospital - Community", 0],
        ["Other", 0],
        ["Total", 5],
    ]
    assert exact["risk_sources"] == [
        ["Service Provider", 1],
        ["Other - Known to individual", 3],
        ["Other - Unknown to individual", 1],
        ["Total", 5],
    ]
    assert exact["risk_assessment"] == [
        ["Risk identified and action taken", 3],
        ["Risk identified and no action taken", 0],
        ["Risk assessment inconclusive and action taken", 0],
        ["Risk assessment inconclusive and no action taken", 0],
        ["No risk identified and action taken", 0],
        ["No risk identified and no action taken", 1],
        ["Enquiry ceased at individual's request and no action taken", 0],
        ["Not recorded", 1],
        ["Total", 5],
    ]
    assert exact["risk_outcomes"] == [
        ["Risk remained", 1],
        ["Risk reduced", 1],
        ["Risk removed", 1],
        ["Not recorded", 2],
        ["Total", 5],
    ]
    for key in ("risk_types", "risk_locations", "risk_sources", "risk_assessment", "risk_outcomes"):
        assert published[key] == [[row[0], C] for row in exact[key][:-1]] + [["Total", 5]]
    assert exact["capacity"] == [
        ["Yes, they lacked capacity", 3],
        ["No, they did not lack capacity", 1],
        ["Don't know", 1],
        ["Not recorded", 2],
        ["Total", 7],
    ]
    assert published["capacity"] == [[row[0], C] for row in exact["capacity"][:-1]] + [["Total", 5]]
    assert exact["capacity_support"] == [
        ["Yes, supported by an advocate, family or friend", 2],
        ["No, not supported by an advocate, family or friend", 1],
        ["Total", 3],
    ]
    assert all(row[1] == C for row in published["capacity_support"])
    assert exact["reviews_overdue"] == [[CARE, 3, 2], [POLICE, 1, 1], ["Total", 4, 3]]
    assert published["reviews_overdue"] == [[CARE, C, C], [POLICE, C, C], ["Total", C, C]]
    assert exact["outcomes_asked"] == [
        [YES_EXPRESSED, 3],
        [ASKED_CODES[1], 0],
        [NO, 1],
        [DONT_KNOW, 0],
        [ASKED_CODES[4], 0],
        ["Total", 4],
    ]
    assert all(row[1] == "[c]" for row in published["outcomes_asked"])
    assert exact["outcomes_achieved"] == [
        ["Fully Achieved", 4],
        ["Partially Achieved", 2],
        ["Not Achieved", 1],
        ["Total", 7],
    ]
    assert published["outcomes_achieved"][-1] == ["Total", 5]
    assert exact["feedback_requests"] == [
        ["Still open", 1],
        ["Answered", 1],
        ["Expired unanswered", 4],
        ["Refused", 1],
        ["Total", 7],
        ["Not asked: they had refused before", 0],
    ]
    assert published["feedback_requests"][4] == ["Total", 5]
    assert answers_of(exact["feedback_answers"]) == {
        "Were you asked what you wanted to happen? Not answered": 2,
        "Did what you wanted to happen, happen? Not answered": 2,
        "Did you feel listened to? Not answered": 2,
        "Were you involved in the decisions that were made? Not answered": 2,
        "Do you feel safer now? Yes": 1,
        "Do you feel safer now? No": 1,
        "Overall, how happy are you with the help you had? Unhappy": 1,
        "Overall, how happy are you with the help you had? Happy": 1,
        "What would have made things better for you? Please use your own words. "
        "Said in their own words": 1,
        "What would have made things better for you? Please use your own words. Not answered": 1,
    }
    assert all(row[1] == "[c]" for row in published["feedback_answers"])
    assert "Being told sooner." not in str(exact)
    for words in PRIVATE:
        assert words not in str(exact)
        assert words not in str(published)


async def test_one_agency_s_report_counts_only_its_own_enquiries_and_answers(
    runtime: ServiceRuntime,
) -> None:
    await a_quarter_of_facts(runtime)

    report = await board_report(runtime.db, period_from=Q2_FROM, period_to=Q2_TO, agency_id=POLICE)
    exact = cells(report, publication=False)
    published = cells(report, publication=True)

    assert exact["enquiries"] == [[POLICE, 2, 1], ["Total", 2, 1]]
    assert exact["time_to_closure"][-1] == ["Total", 1, 8.0]
    assert published["time_to_closure"][-1] == ["Total", "[c]", "[c]"]
    assert exact["outcomes_asked"][0] == [YES_EXPRESSED, 1]
    assert exact["outcomes_achieved"][-1] == ["Total", 1]
    assert exact["feedback_requests"][0] == ["Still open", 1]
    assert exact["feedback_requests"][4] == ["Total", 1]
    assert answers_of(exact["feedback_answers"])["Do you feel safer now? No"] == 1
    assert "Do you feel safer now? Yes" not in answers_of(exact["feedback_answers"])
    assert exact["concerns"] == [[POLICE, 2, 0, 1, 1], ["Total", 2, 0, 1, 1]]
    assert exact["risk_types"][-1] == ["Total", 1]
    assert exact["risk_outcomes"][0] == ["Risk remained", 1]
    assert exact["capacity"][0] == ["Yes, they lacked capacity", 1]
    assert exact["capacity_support"] == [
        ["Yes, supported by an advocate, family or friend", 1],
        ["No, not supported by an advocate, family or friend", 0],
        ["Total", 1],
    ]
    assert exact["reviews_overdue"] == [[POLICE, 1, 1], ["Total", 1, 1]]


async def test_a_period_with_nothing_in_it_is_all_zeros_and_all_suppressed(
    runtime: ServiceRuntime,
) -> None:
    await a_quarter_of_facts(runtime)

    report = await board_report(
        runtime.db, period_from=date(2025, 1, 1), period_to=date(2025, 4, 1), agency_id=None
    )
    exact = cells(report, publication=False)

    assert exact["enquiries"] == [["Total", 0, 0]]
    assert exact["time_to_closure"][-1] == ["Total", 0, None]
    assert exact["outcomes_achieved"][-1] == ["Total", 0]
    assert exact["concerns"] == [["Total", 0, 0, 0, 0]]
    assert exact["risk_types"][-1] == ["Total", 0]
    assert exact["capacity"][-1] == ["Total", 0]
    assert exact["reviews_overdue"] == [["Total", 0, 0]]
