"""`msp run` (what `make run` calls) as a newcomer meets it: everything up, demo data loaded, URLs
printed; Ctrl-C stops every process; the next run finds the data intact."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import psutil
import pytest

from shared.settings import SERVICE_PORTS, load_settings
from tests.support import an_actor, bearer

pytestmark = pytest.mark.e2e
STARTUP_S = 120.0
WELCOME = "Making Safeguarding Personal is running."


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


@contextmanager
def platform(data_dir: Path, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("MSP_")}
    env["MSP_DATA_DIR"] = str(data_dir)  # and no MSP_REDIS_URL: the embedded Redis is used
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "shared.cli", "run"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_for_text(log, WELCOME, process)
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wait_for_text(log: Path, text: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_S
    while text not in log.read_text(errors="replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(
                f"no {text!r} in the output:\n{log.read_text(errors='replace')[-3000:]}"
            )
        time.sleep(0.25)


def press_ctrl_c(process: subprocess.Popen[bytes]) -> list[int]:
    """SIGINT to the whole process group, as a terminal does; the pids that were running."""
    children = [child.pid for child in psutil.Process(process.pid).children(recursive=True)]
    os.killpg(process.pid, signal.SIGINT)
    process.wait(timeout=60)
    return children


def visible_enquiries(data_dir: Path, port: int, agency: str) -> int:
    settings = load_settings(data_dir=data_dir)
    response = httpx.get(
        f"http://127.0.0.1:{port}/enquiries",
        headers=bearer(settings, an_actor(agency=agency)),
        timeout=5,
    )
    response.raise_for_status()
    return len(response.json()["items"])


def wait_for_enquiries(data_dir: Path, port: int, agency: str, expected: int) -> int:
    deadline = time.monotonic() + 30
    while (
        seen := visible_enquiries(data_dir, port, agency)
    ) < expected and time.monotonic() < deadline:
        time.sleep(0.2)
    return seen


def test_make_run_starts_everything_stops_on_ctrl_c_and_keeps_the_data(tmp_path: Path) -> None:
    busy = [port for port in SERVICE_PORTS.values() if not port_is_free(port)]
    assert not busy, f"ports {busy} are taken: stop whatever runs there"
    data_dir, log = tmp_path / "var", tmp_path / "run.log"

    with platform(data_dir, log) as process:
        output = log.read_text()
        assert "Portal:        http://127.0.0.1:8000/" in output
        assert "demo data: 5 enquiries opened, 0 already there" in output
        assert "redis://127.0.0.1:6379" not in output  # its own Redis, even with another on 6379
        for port in SERVICE_PORTS.values():
            assert httpx.get(f"http://127.0.0.1:{port}/ready", timeout=5).status_code == 200
        status_page = httpx.get("http://127.0.0.1:8000/status", timeout=5).text
        assert '<h1 class="govuk-heading-l">Service status</h1>' in status_page
        assert "Sign in to the portal with password" in output
        for port in (8001, 8002, 8003, 8004):
            assert wait_for_enquiries(data_dir, port, "adult-social-care", 3) == 3
            assert visible_enquiries(data_dir, port, "police") == 1
        children = press_ctrl_c(process)

    assert not [
        pid
        for pid in children
        if psutil.pid_exists(pid) and psutil.Process(pid).status() != "zombie"
    ]
    assert all(port_is_free(port) for port in SERVICE_PORTS.values())
    assert (data_dir / "redis" / "appendonly.aof").exists()

    with platform(data_dir, tmp_path / "second-run.log") as process:
        assert (
            "demo data: 0 enquiries opened, 5 already there"
            in (tmp_path / "second-run.log").read_text()
        )
        for port in (8001, 8002, 8003, 8004):
            assert visible_enquiries(data_dir, port, "adult-social-care") == 3
        press_ctrl_c(process)
