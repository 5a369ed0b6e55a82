"""The event store on SQLite and PostgreSQL: optimistic appends, positions, own read models."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime

import pytest
from sqlalchemy import Table, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from services.intake import domain
from services.intake.app import DEFINITION
from services.intake.tables import enquiries
from shared.contracts.intake import EnquiryOpened
from shared.events import DomainEvent, EventEnvelope
from shared.eventstore.database import Database
from shared.eventstore.errors import ConcurrencyError
from shared.eventstore.schema import events as events_table
from shared.eventstore.store import EventStore
from shared.projections import Projection, Recorded
from shared.settings import Settings
from tests.support import a_correlation_id, an_actor, migrate

pytestmark = pytest.mark.integration


@pytest.fixture
async def db(settings: Settings) -> AsyncIterator[Database]:
    await migrate(DEFINITION, settings)
    database = Database(settings.database_url_for("intake"))
    yield database
    await database.dispose()


def a_store(
    db: Database, projections: Sequence[Projection] = DEFINITION.own_projections
) -> EventStore:
    return EventStore(db, service="intake", registry=DEFINITION.registry, projections=projections)


def opened(
    enquiry_id: uuid.UUID | None = None, agency: str = "adult-social-care"
) -> list[DomainEvent]:
    return domain.open_enquiry(
        enquiry_id=enquiry_id or uuid.uuid4(),
        actor=an_actor(agency=agency),
        now=datetime.now(UTC),
    )


async def append_opened(
    store: EventStore, enquiry_id: uuid.UUID, expected: int = 0
) -> list[EventEnvelope]:
    return await store.append(
        str(enquiry_id),
        expected,
        opened(enquiry_id),
        actor=an_actor(),
        correlation_id=a_correlation_id(),
    )


async def count(db: Database, table: Table) -> int:
    async with db.read() as conn:
        return int(await conn.scalar(select(func.count()).select_from(table)) or 0)


async def test_appended_events_load_back_in_version_order(db: Database) -> None:
    store = a_store(db, projections=())
    enquiry_id = uuid.uuid4()
    first = await append_opened(store, enquiry_id)
    second = await append_opened(store, enquiry_id, expected=1)

    loaded = await store.load(str(enquiry_id))

    assert [e.event_id for e in loaded] == [first[0].event_id, second[0].event_id]
    assert [e.version for e in loaded] == [1, 2]
    assert loaded[0].occurred_at.tzinfo is not None
    await store.close()


async def test_the_envelopes_an_append_returns_are_those_stored(db: Database) -> None:
    store = a_store(db, projections=())
    enquiry_id = uuid.uuid4()

    returned = await append_opened(store, enquiry_id)
    loaded = await store.load(str(enquiry_id))

    # The store builds them without validation: they must be what validation would give.
    assert returned == loaded
    assert [e.model_dump_json() for e in returned] == [e.model_dump_json() for e in loaded]
    assert [EventEnvelope.model_validate(e.model_dump()) for e in returned] == loaded


async def test_an_append_at_a_stale_version_is_refused_with_the_current_version(
    db: Database,
) -> None:
    store = a_store(db)
    enquiry_id = uuid.uuid4()
    await append_opened(store, enquiry_id)

    with pytest.raises(ConcurrencyError) as refused:
        await append_opened(store, enquiry_id, expected=0)

    assert refused.value.actual_version == 1
    assert len(await store.load(str(enquiry_id))) == 1
    await store.close()


async def test_positions_are_gapless_and_follow_commit_order(db: Database) -> None:
    store = a_store(db)
    await asyncio.gather(*(append_opened(store, uuid.uuid4()) for _ in range(300)))

    async with db.read() as conn:
        positions = (
            (await conn.execute(select(events_table.c.position).order_by("position")))
            .scalars()
            .all()
        )

    assert positions == list(range(1, 301))
    await store.close()


async def test_the_read_model_is_updated_in_the_same_transaction_as_the_append(
    db: Database,
) -> None:
    store = a_store(db)
    enquiry_id = uuid.uuid4()
    await append_opened(store, enquiry_id)

    async with db.read() as conn:
        row = (await conn.execute(select(enquiries))).mappings().one()

    assert row["enquiry_id"] == enquiry_id
    await store.close()


class Exploding:
    """A projection that fails for one enquiry, as a bug in a read model would."""

    name = "exploding"
    tables: Sequence[Table] = ()
    handles = frozenset({EnquiryOpened.event_type})

    def __init__(self, poison: uuid.UUID) -> None:
        self.poison = poison

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded]) -> None:
        if any(getattr(r.event, "enquiry_id", None) == self.poison for r in events):
            raise RuntimeError("read model bug")


async def test_a_failing_read_model_undoes_its_append_and_spares_the_others_committed_with_it(
    db: Database,
) -> None:
    poison = uuid.uuid4()
    store = a_store(db, (*DEFINITION.own_projections, Exploding(poison)))
    healthy = [uuid.uuid4() for _ in range(20)]

    results = await asyncio.gather(
        *(append_opened(store, i) for i in [*healthy[:10], poison, *healthy[10:]]),
        return_exceptions=True,
    )

    assert sum(isinstance(r, RuntimeError) for r in results) == 1
    assert await count(db, events_table) == 20
    assert await count(db, enquiries) == 20
    assert await store.load(str(poison)) == []
    await store.close()


async def test_two_stores_on_one_database_never_hand_out_a_position_twice(
    db: Database, settings: Settings
) -> None:
    other_db = Database(settings.database_url_for("intake"))
    stores = [a_store(db), a_store(other_db)]

    await asyncio.gather(*(append_opened(stores[i % 2], uuid.uuid4()) for i in range(200)))

    async with db.read() as conn:
        positions = (
            (await conn.execute(select(events_table.c.position).order_by("position")))
            .scalars()
            .all()
        )
    assert positions == list(range(1, 201))
    for store in stores:
        await store.close()
    await other_db.dispose()
