"""docker-compose.yml and deploy/: the production topology (DESIGN.md 6) checked against the code.

This machine has no Docker engine, so the files are read, not run: each test ties one promise of
the topology to what `SERVICE_PORTS`, `Settings` and `deploy/Procfile` say.
"""

from __future__ import annotations

import json
import os
import re
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy.engine import make_url

from shared.settings import SERVICE_PORTS, Mode, Settings

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "deploy" / "Dockerfile"
PROCFILE = ROOT / "deploy" / "Procfile"
SERVICES = tuple(SERVICE_PORTS)
APP_CONTAINERS = (*SERVICES, "migrate")  # every container whose environment Settings reads
# Settings whose defaults suit development only: without them a container would look for Redis
# on its own loopback, keep SQLite files, sign with no key, or listen where no one can reach it.
SET_IN_EVERY_CONTAINER = ("mode", "redis_url", "database_url", "secret_key", "host", "service_urls")
# What `docker compose up` would be given: long enough for the production secret check.
TEST_VARIABLES = {"MSP_SECRET_KEY": "k" * 64, "POSTGRES_PASSWORD": "postgres-password"}
INTERPOLATION = re.compile(r"\$\$|\$\{(?P<name>\w+)(?:(?P<operator>:?[-?])(?P<argument>[^}]*))?\}")
CREATE_DATABASE = re.compile(r"CREATE\s+DATABASE\s+\"?(\w+)\"?", re.IGNORECASE)
INIT_FOLDER = "/docker-entrypoint-initdb.d"


@cache
def compose() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(COMPOSE_FILE.read_text())
    return document


def container(name: str) -> dict[str, Any]:
    services: dict[str, dict[str, Any]] = compose()["services"]
    assert name in services, f"docker-compose.yml has no `{name}` service"
    return services[name]


def interpolate(value: str) -> str:
    """Compose's `${NAME}`, `${NAME:-default}`, `${NAME:?error}` and `$$`, from TEST_VARIABLES."""

    def substitute(match: re.Match[str]) -> str:
        name, operator, argument = match.group("name", "operator", "argument")
        if name is None:
            return "$"
        if name in TEST_VARIABLES:
            return TEST_VARIABLES[name]
        if operator and operator.endswith("-"):
            return str(argument)
        pytest.fail(f"docker-compose.yml needs ${name}, which the test does not provide")

    return INTERPOLATION.sub(substitute, value)


def environment_of(name: str) -> dict[str, str]:
    declared: dict[str, Any] | list[str] = container(name).get("environment", {})
    if isinstance(declared, list):
        pairs = [entry.split("=", 1) for entry in declared]
        return {key: interpolate(value) for key, value in pairs}
    return {key: interpolate(str(value)) for key, value in declared.items()}


def words(command: str | list[Any]) -> list[str]:
    return command.split() if isinstance(command, str) else [str(word) for word in command]


def mounted_files(name: str) -> dict[str, Path]:
    """Bind mounts of a container: path inside it -> file or folder in the repository."""
    mounts: dict[str, Path] = {}
    for volume in container(name).get("volumes", []):
        if isinstance(volume, dict):
            if volume.get("type") == "bind":
                mounts[volume["target"]] = ROOT / volume["source"]
        elif volume.startswith(("./", "../")):
            source, target, *_ = volume.split(":")
            mounts[target] = ROOT / source
    return mounts


def published_ports(name: str) -> dict[int, int]:
    """Container port -> host port, from short (`[ip:]host:container[/proto]`) or long syntax."""
    ports: dict[int, int] = {}
    for entry in container(name).get("ports", []):
        if isinstance(entry, dict):
            ports[int(entry["target"])] = int(entry["published"])
        else:
            *_, host, target = str(entry).split("/")[0].split(":")
            ports[int(target)] = int(host)
    return ports


def procfile_commands() -> dict[str, str]:
    lines = (line.partition(":") for line in PROCFILE.read_text().splitlines() if ":" in line)
    return {name.strip(): command.strip() for name, _, command in lines}


def redis_directives() -> dict[str, str]:
    """The configuration Redis starts with: the mounted file it is given, then `--options`."""
    args = words(container("redis").get("command", []))
    directives: dict[str, str] = {}
    for path in (mounted_files("redis")[arg] for arg in args if arg in mounted_files("redis")):
        for line in path.read_text().splitlines():
            key, _, value = line.strip().partition(" ")
            if key and not key.startswith("#"):
                directives[key.lower()] = value.strip().strip('"')
    for option, value in pairwise(args):
        if option.startswith("--"):
            directives[option[2:].lower()] = value
    return directives


def databases_created_by_postgres() -> set[str]:
    mounted = [path for target, path in mounted_files("postgres").items() if INIT_FOLDER in target]
    scripts = [
        file for path in mounted for file in (sorted(path.iterdir()) if path.is_dir() else [path])
    ]
    assert scripts, f"postgres mounts no init script into {INIT_FOLDER}"
    return {
        name.lower() for script in scripts for name in CREATE_DATABASE.findall(script.read_text())
    }


def seconds(duration: str) -> float:
    units = {"ms": 0.001, "s": 1, "m": 60, "h": 3600}
    return sum(float(n) * units[unit] for n, unit in re.findall(r"([\d.]+)(ms|s|m|h)", duration))


@pytest.mark.parametrize("service", SERVICES)
def test_every_service_has_a_container_with_a_health_check(service: str) -> None:
    assert container(service).get("healthcheck", {}).get("test")


@pytest.mark.parametrize("service", SERVICES)
def test_each_health_check_asks_the_service_on_its_own_port(service: str) -> None:
    check = " ".join(words(container(service)["healthcheck"]["test"]))

    assert re.search(
        rf"http://(127\.0\.0\.1|localhost):{SERVICE_PORTS[service]}/(health|ready)\b", check
    )


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_publishes_its_fixed_port(service: str) -> None:
    port = SERVICE_PORTS[service]

    assert published_ports(service).get(port) == port


@pytest.mark.parametrize("service", SERVICES)
def test_each_container_runs_its_service_as_the_procfile_does(service: str) -> None:
    command = " ".join(words(container(service)["command"]))

    assert command == procfile_commands()[service] == f"python -m services.{service}"


@pytest.mark.parametrize("name", APP_CONTAINERS)
def test_every_app_container_is_built_from_the_one_dockerfile(name: str) -> None:
    build = container(name)["build"]

    assert (ROOT / build["context"] / build["dockerfile"]).resolve() == DOCKERFILE
    assert DOCKERFILE.is_file()


def test_every_app_container_runs_the_same_image() -> None:
    assert len({container(name).get("image") for name in APP_CONTAINERS}) == 1


def test_the_image_is_python_3_11_slim_run_by_a_user_other_than_root() -> None:
    lines = [line.split() for line in DOCKERFILE.read_text().splitlines() if line.strip()]
    bases = [line[1] for line in lines if line[0].upper() == "FROM"]
    users = [line[1] for line in lines if line[0].upper() == "USER"]

    assert bases[-1] == "python:3.11-slim"
    assert users, "the Dockerfile never leaves root"
    assert users[-1].split(":")[0] not in {"root", "0"}


def test_the_image_installs_the_project_from_pyproject_without_dev_extras() -> None:
    dockerfile = DOCKERFILE.read_text()

    assert "pyproject.toml" in dockerfile
    assert "pip install" in dockerfile
    assert "[dev]" not in dockerfile
    # The command stays the container's to choose: compose passes `python -m services.<name>`.
    assert not re.search(r"^\s*ENTRYPOINT\b", dockerfile, re.MULTILINE)


def test_redis_keeps_an_append_only_file_and_never_evicts() -> None:
    directives = redis_directives()

    assert directives.get("appendonly") == "yes"
    assert directives.get("maxmemory-policy") == "noeviction"


@pytest.mark.parametrize(
    ("name", "probe"), [("redis", "redis-cli ping"), ("postgres", "pg_isready")]
)
def test_redis_and_postgres_report_their_health(name: str, probe: str) -> None:
    assert probe in " ".join(words(container(name)["healthcheck"]["test"]))


@pytest.mark.parametrize("service", SERVICES)
def test_postgres_creates_the_database_each_service_is_configured_with(service: str) -> None:
    # model_construct: only the template matters here, not the rest of this process's environment.
    settings = Settings.model_construct(database_url=environment_of(service)["MSP_DATABASE_URL"])
    database = make_url(settings.database_url_for(service)).database

    assert database == f"msp_{service}"
    assert database in databases_created_by_postgres()


@pytest.mark.parametrize("name", APP_CONTAINERS)
def test_every_environment_variable_is_a_known_setting(name: str) -> None:
    known = {f"MSP_{field.upper()}" for field in Settings.model_fields}

    assert set(environment_of(name)) <= known


@pytest.mark.parametrize("name", APP_CONTAINERS)
def test_settings_with_development_defaults_are_set_in_every_container(name: str) -> None:
    assert set(SET_IN_EVERY_CONTAINER) <= set(Settings.model_fields)

    missing = [f for f in SET_IN_EVERY_CONTAINER if f"MSP_{f.upper()}" not in environment_of(name)]

    assert missing == []


@pytest.mark.parametrize("name", APP_CONTAINERS)
def test_containers_run_in_production_mode(name: str) -> None:
    assert environment_of(name)["MSP_MODE"] == Mode.PRODUCTION.value


@pytest.mark.parametrize("name", APP_CONTAINERS)
def test_each_container_environment_loads_as_production_settings(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key in [key for key in os.environ if key.startswith("MSP_")]:
        monkeypatch.delenv(key)
    for key, value in environment_of(name).items():
        monkeypatch.setenv(key, value)

    settings = Settings()

    assert settings.mode is Mode.PRODUCTION
    assert settings.host == "0.0.0.0"
    assert make_url(settings.redis_url).host == "redis"


@pytest.mark.parametrize("service", SERVICES)
def test_service_urls_name_each_service_at_its_port(service: str) -> None:
    urls = json.loads(environment_of(service)["MSP_SERVICE_URLS"])

    assert urls == {name: f"http://{name}:{port}" for name, port in SERVICE_PORTS.items()}
    assert set(urls) <= set(compose()["services"])


@pytest.mark.parametrize("service", SERVICES)
def test_every_service_waits_for_the_migration_job(service: str) -> None:
    depends_on = container(service)["depends_on"]

    assert depends_on["migrate"]["condition"] == "service_completed_successfully"


def test_the_migration_job_runs_once_after_postgres_is_healthy() -> None:
    migrate = container("migrate")

    assert words(migrate["command"]) == ["msp", "migrate"]
    assert migrate["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert migrate.get("restart") == "no"


@pytest.mark.parametrize("service", [name for name in SERVICES if name != "portal"])
def test_services_with_consumers_wait_for_a_healthy_redis(service: str) -> None:
    assert container(service)["depends_on"]["redis"]["condition"] == "service_healthy"


@pytest.mark.parametrize("service", [name for name in SERVICES if name != "portal"])
def test_the_portal_starts_once_each_service_is_healthy(service: str) -> None:
    assert container("portal")["depends_on"][service]["condition"] == "service_healthy"


@pytest.mark.parametrize("service", SERVICES)
def test_services_restart_unless_stopped(service: str) -> None:
    assert container(service).get("restart") == "unless-stopped"


@pytest.mark.parametrize("service", SERVICES)
def test_services_are_given_time_to_shut_down_gracefully(service: str) -> None:
    graceful_timeout = Settings.model_fields["graceful_timeout_s"].default

    assert seconds(container(service).get("stop_grace_period", "10s")) > graceful_timeout


def test_secrets_have_no_default_in_the_compose_file() -> None:
    references = INTERPOLATION.finditer(COMPOSE_FILE.read_text())
    secrets = [m for m in references if m["name"] and re.search("SECRET|PASSWORD", m["name"])]

    assert secrets
    assert all(m["operator"] == ":?" for m in secrets), "a secret must be required, not defaulted"
