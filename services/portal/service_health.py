"""Asks each service whether it is alive and ready, for the portal's status page."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import httpx

from shared.settings import SERVICE_PORTS, Settings

BACKEND_SERVICES = tuple(name for name in SERVICE_PORTS if name != "portal")


@dataclass(frozen=True)
class ServiceHealth:
    name: str
    url: str
    alive: bool
    ready: bool
    detail: str


async def check_all(client: httpx.AsyncClient, settings: Settings) -> list[ServiceHealth]:
    return list(
        await asyncio.gather(*(_check(client, name, settings) for name in BACKEND_SERVICES))
    )


async def _check(client: httpx.AsyncClient, name: str, settings: Settings) -> ServiceHealth:
    url = settings.url_of(name)
    try:
        alive = (await client.get(f"{url}/health")).status_code == httpx.codes.OK
        ready_response = await client.get(f"{url}/ready")
    except httpx.HTTPError as error:
        return ServiceHealth(name, url, False, False, f"not answering ({type(error).__name__})")
    ready = ready_response.status_code == httpx.codes.OK
    checks = ready_response.json().get("checks", {})
    failing = [check for check, result in checks.items() if result != "ok"]
    detail = "ready" if ready else "waiting for " + ", ".join(failing or ["start-up"])
    return ServiceHealth(name, url, alive, ready, detail)
