"""Settings: nothing secret has a default outside development."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from shared.settings import Mode, Settings, load_settings

pytestmark = pytest.mark.unit


def test_production_refuses_to_start_without_a_secret_key() -> None:
    with pytest.raises(ValidationError, match="MSP_SECRET_KEY"):
        load_settings(mode=Mode.PRODUCTION, secret_key=None)


@pytest.mark.parametrize("placeholder", ["changeme", "secret", "short-but-random"])
def test_production_refuses_a_placeholder_or_short_secret(placeholder: str) -> None:
    with pytest.raises(ValidationError, match="MSP_SECRET_KEY"):
        load_settings(mode=Mode.PRODUCTION, secret_key=placeholder)


def test_development_keeps_one_generated_key_for_every_process(tmp_path: Path) -> None:
    first = load_settings(data_dir=tmp_path).signing_key
    second = load_settings(data_dir=tmp_path).signing_key

    assert first == second
    assert len(first) >= 32


def test_each_service_gets_its_own_database_from_the_template(tmp_path: Path) -> None:
    settings = load_settings(
        database_url="postgresql+asyncpg://db/msp_{service}", data_dir=tmp_path
    )

    assert settings.database_url_for("intake") == "postgresql+asyncpg://db/msp_intake"
    assert settings.database_url_for("feedback") == "postgresql+asyncpg://db/msp_feedback"


def test_settings_are_read_from_msp_environment_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MSP_MAX_DELIVERIES", "7")
    monkeypatch.setenv("MSP_REDIS_URL", "redis://example:6380/2")

    settings = Settings()

    assert settings.max_deliveries == 7
    assert settings.redis_url == "redis://example:6380/2"
