"""The platform as `make run` starts it (each Procfile line a process, an embedded Redis, SQLite
files under one data dir, demo data and demo accounts loaded), but on free ports, so that it
never meets another run on 8000-8004."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from honcho.environ import parse_procfile

from shared.demo import load_demo_accounts, load_demo_data
from shared.embedded_redis import EmbeddedRedis, free_port
from shared.launcher import PROCFILE
from shared.settings import SERVICE_PORTS, Settings, load_settings

READY_S = 120.0
SECRET = "browser-test-secret-key-long-enough-0123456789"


@dataclass(frozen=True)
class Platform:
    settings: Settings
    log_dir: Path

    @property
    def portal_url(self) -> str:
        return self.settings.url_of("portal")


@contextmanager
def running_platform(data_dir: Path) -> Iterator[Platform]:
    redis = EmbeddedRedis(data_dir / "redis", persistent=False).start()
    urls = {name: f"http://127.0.0.1:{free_port()}" for name in SERVICE_PORTS}
    settings = load_settings(
        data_dir=data_dir, redis_url=redis.url, secret_key=SECRET, service_urls=urls
    )
    processes: list[subprocess.Popen[bytes]] = []
    try:
        for name, command in parse_procfile(PROCFILE.read_text()).processes.items():
            processes.append(_start(name, command, settings, data_dir))
        _wait_until_ready(settings, processes, data_dir)
        load_demo_data(settings)
        load_demo_accounts(settings)
        yield Platform(settings, data_dir)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=60)
        redis.stop()


def _start(name: str, command: str, settings: Settings, data_dir: Path) -> subprocess.Popen[bytes]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("MSP_")}
    env |= {
        "MSP_DATA_DIR": str(data_dir),
        "MSP_REDIS_URL": settings.redis_url,
        "MSP_SECRET_KEY": SECRET,
        "MSP_SERVICE_URLS": json.dumps(settings.service_urls),
        "MSP_PORT": settings.url_of(name).rsplit(":", 1)[1],
        "MSP_LOG_FORMAT": "json",
        "PYTHONUNBUFFERED": "1",
    }
    # `python` in the Procfile means this interpreter, as in shared/launcher.py.
    argv = command.replace("python ", f"{sys.executable} ", 1).split()
    with (data_dir / f"{name}.log").open("ab") as log:
        return subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT)


def _wait_until_ready(
    settings: Settings, processes: list[subprocess.Popen[bytes]], data_dir: Path
) -> None:
    deadline = time.monotonic() + READY_S
    pending = set(SERVICE_PORTS)
    with httpx.Client(timeout=2) as client:
        while pending:
            if time.monotonic() > deadline or any(p.poll() is not None for p in processes):
                logs = {name: (data_dir / f"{name}.log").read_text()[-1500:] for name in pending}
                raise AssertionError(f"not ready: {sorted(pending)}\n{logs}")
            for name in sorted(pending):
                try:
                    if client.get(f"{settings.url_of(name)}/ready").status_code == 200:
                        pending.discard(name)
                except httpx.HTTPError:
                    pass
            time.sleep(0.25)
