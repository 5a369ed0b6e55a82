"""Services as real processes, started the way `make run` starts them."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx

from shared.embedded_redis import free_port
from shared.settings import Settings
from tests.support import eventually


def service_environment(settings: Settings, *, port: int) -> dict[str, str]:
    return {
        **os.environ,
        "MSP_DATABASE_URL": settings.database_url,
        "MSP_REDIS_URL": settings.redis_url,
        "MSP_DATA_DIR": str(settings.data_dir),
        "MSP_SECRET_KEY": settings.signing_key,
        "MSP_RECLAIM_IDLE_MS": str(settings.reclaim_idle_ms),
        "MSP_MAX_DELIVERIES": str(settings.max_deliveries),
        "MSP_CONSUMER_BLOCK_MS": str(settings.consumer_block_ms),
        "MSP_GRACEFUL_TIMEOUT_S": str(settings.graceful_timeout_s),
        "MSP_PORT": str(port),
        "MSP_LOG_FORMAT": "json",
    }


class ServiceProcess:
    def __init__(self, name: str, settings: Settings, log_dir: Path) -> None:
        self.name = name
        self.port = free_port()
        self._env = service_environment(settings, port=self.port)
        self._graceful_s = settings.graceful_timeout_s
        self._log = log_dir / f"{name}.log"
        self.process: asyncio.subprocess.Process | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        with self._log.open("ab") as log:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", f"services.{self.name}", env=self._env, stdout=log, stderr=log
            )
        await eventually(self._ready, within=60, what=f"{self.name} ready")

    async def _ready(self) -> bool:
        assert self.process is not None
        if self.process.returncode is not None:
            raise AssertionError(f"{self.name} exited: {self._log.read_text()[-2000:]}")
        try:
            async with httpx.AsyncClient() as http:
                return (await http.get(f"{self.url}/ready", timeout=2)).status_code == 200
        except httpx.HTTPError:
            return False

    async def kill(self) -> None:
        """SIGKILL: no graceful shutdown, whatever was in flight is left as it was."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        await self.process.wait()

    async def stop(self) -> None:
        """SIGTERM, as an orchestrator stops it; a process still there after twice the graceful
        timeout is killed and the test fails with its log's end (where its stop got stuck)."""
        if self.process is None or self.process.returncode is not None:
            return
        self.process.terminate()
        try:
            async with asyncio.timeout(2 * self._graceful_s + 5):
                await self.process.wait()
        except TimeoutError:
            await self.kill()
            raise AssertionError(
                f"{self.name} did not stop on SIGTERM: {self._log.read_text()[-3000:]}"
            ) from None


@asynccontextmanager
async def service_process(
    name: str, settings: Settings, log_dir: Path
) -> AsyncIterator[ServiceProcess]:
    process = ServiceProcess(name, settings, log_dir)
    await process.start()
    try:
        yield process
    finally:
        await process.stop()
