"""Intake's HTTP API: commands change the record, queries read it, all scoped to the agency."""

from fastapi import APIRouter

from services.intake.api import (
    advocacy,
    capacity,
    closure,
    consent,
    enquiries,
    intervention,
    lead,
    preferences,
    queries,
    risks,
    section42,
    transfers,
)

ROUTERS: tuple[APIRouter, ...] = tuple(
    module.router
    for module in (
        enquiries,
        risks,
        section42,
        capacity,
        advocacy,
        preferences,
        consent,
        intervention,
        lead,
        transfers,
        closure,
        queries,
    )
)
