"""Calls from the portal to the services, each carrying the signed-in user's actor token.

Pages call `services.get("intake", "/enquiries", actor)` and get JSON back, or one of three
exceptions that the error pages turn into answers a person understands: `RecordNotFound` (404,
also what another agency's record answers), `ServiceRefused` (the service said no, with the
fields to correct) and `ServiceUnavailable` (not answering, or failing).
"""

from __future__ import annotations

from typing import Any

import httpx
import structlog

from shared.auth import CLIENT_ADDRESS_HEADER, PORTAL_ACTOR, Actor, TokenService
from shared.settings import Settings

log = structlog.get_logger(__name__)


class RecordNotFound(Exception):
    """The service has no such record, or none that this user's agency may see."""


class ServiceUnavailable(Exception):
    def __init__(self, service: str) -> None:
        super().__init__(f"{service} is not answering")
        self.service = service


class ServiceRefused(Exception):
    """A 4xx other than 404: the body names the fields to correct (`{errors: [{field, message}]}`)."""

    def __init__(self, service: str, status_code: int, body: dict[str, Any]) -> None:
        super().__init__(f"{service} refused the request ({status_code})")
        self.service = service
        self.status_code = status_code
        self.body = body


class Services:
    def __init__(self, client: httpx.AsyncClient, settings: Settings, tokens: TokenService) -> None:
        self._client = client
        self._settings = settings
        self._tokens = tokens

    async def get(
        self, service: str, path: str, actor: Actor, params: dict[str, Any] | None = None
    ) -> Any:
        return await self._call("GET", service, path, actor, params=params)

    async def post(self, service: str, path: str, actor: Actor, json: dict[str, Any]) -> Any:
        return await self._call("POST", service, path, actor, json=json)

    async def put(self, service: str, path: str, actor: Actor, json: dict[str, Any]) -> Any:
        return await self._call("PUT", service, path, actor, json=json)

    async def get_for_person(self, service: str, path: str, address: str) -> Any:
        """For the routes a single-use link's code alone opens, on behalf of someone not signed
        in: the portal's own token, which opens nothing, vouches for their `address` (the
        service limits tries per person, not per portal; shared/auth.py)."""
        return await self._call("GET", service, path, PORTAL_ACTOR, address=address)

    async def post_for_person(
        self, service: str, path: str, address: str, json: dict[str, Any]
    ) -> Any:
        return await self._call("POST", service, path, PORTAL_ACTOR, address=address, json=json)

    async def _call(
        self,
        method: str,
        service: str,
        path: str,
        actor: Actor,
        *,
        address: str | None = None,
        **kwargs: Any,
    ) -> Any:
        headers = {"Authorization": f"Bearer {self._tokens.issue(actor)}"}
        if address is not None:
            headers[CLIENT_ADDRESS_HEADER] = address
        url = f"{self._settings.url_of(service)}{path}"
        try:
            response = await self._client.request(method, url, headers=headers, **kwargs)
        except httpx.HTTPError as error:
            log.warning("portal.service_unreachable", service=service, error=type(error).__name__)
            raise ServiceUnavailable(service) from error
        if response.status_code == httpx.codes.NOT_FOUND:
            raise RecordNotFound
        if response.is_server_error or response.status_code == httpx.codes.UNAUTHORIZED:
            # 401 means the portal's own token was refused (keys differ): the person can do
            # nothing about it, so it is the same answer as a service that is down.
            log.warning("portal.service_failed", service=service, status=response.status_code)
            raise ServiceUnavailable(service)
        if response.is_client_error:
            raise ServiceRefused(service, response.status_code, _json_or_empty(response))
        return response.json() if response.content else None


def _json_or_empty(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}
