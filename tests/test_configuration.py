"""Configuration from the environment: bad values give a clear message, never a traceback."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env):
    base = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "SECRET_KEY_FILE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "url",
    ["mysql://u:p@localhost/db", "sqlite:///db.sqlite3", "ikke en url", "postgres://localhost"],
)
def test_malformed_database_url_is_a_clear_message(url):
    result = run_manage("check", DATABASE_URL=url)
    assert result.returncode == 2
    assert "DATABASE_URL er ugyldig" in result.stderr
    assert "Traceback" not in result.stderr


def test_malformed_redis_url_is_a_clear_message():
    result = run_manage("check", REDIS_URL="http://localhost:6379")
    assert result.returncode == 2
    assert "REDIS_URL er ugyldig" in result.stderr
    assert "Traceback" not in result.stderr


def test_deployment_without_secret_key_is_refused():
    result = run_manage("check", DATABASE_URL="postgres://trekant@127.0.0.1:1/trekant")
    assert result.returncode == 2
    assert "SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr


def test_unreachable_database_shows_as_down_in_health():
    code = (
        "import django; django.setup(); from nav_ot import health; "
        "c = health.check_database(); print(c.ok, c.detail)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "nav_ot.settings",
            "DATABASE_URL": "postgres://trekant@127.0.0.1:1/trekant",
            "SECRET_KEY": "test",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.startswith("False svarer ikke"), result.stderr


def test_oslo_time_norwegian_language_and_postgres_only():
    assert settings.TIME_ZONE == "Europe/Oslo"
    assert settings.USE_TZ is True
    assert settings.LANGUAGE_CODE == "nb"
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def test_secret_key_is_not_in_the_repository():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout
    assert ".data/secret_key" not in tracked
    assert settings.SECRET_KEY not in (ROOT / "nav_ot" / "settings.py").read_text()


def test_access_log_retention_must_be_positive():
    result = run_manage("check", ACCESS_LOG_RETENTION_DAYS="0")
    assert result.returncode == 2
    assert "ACCESS_LOG_RETENTION_DAYS må være et positivt antall dager" in result.stderr
    assert "Traceback" not in result.stderr
