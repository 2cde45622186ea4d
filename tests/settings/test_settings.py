import os
import subprocess
import sys
from pathlib import Path

import pytest

from gongkai.settings import env
from gongkai.settings.base import SQLITE_OPTIONS, database_config

ROOT = Path(__file__).resolve().parents[2]


def test_env_readers(monkeypatch):
    monkeypatch.setenv("GK_TEST_BOOL", "yes")
    monkeypatch.setenv("GK_TEST_INT", "42")
    monkeypatch.setenv("GK_TEST_LIST", "a.example, b.example,,")
    assert env.boolean("GK_TEST_BOOL") is True
    assert env.integer("GK_TEST_INT", 1) == 42
    assert env.string_list("GK_TEST_LIST") == ["a.example", "b.example"]
    assert env.string("GK_TEST_ABSENT", "d") == "d"
    assert env.boolean("GK_TEST_ABSENT", True) is True
    monkeypatch.setenv("GK_TEST_BOOL", "perhaps")
    with pytest.raises(env.ImproperEnvironment):
        env.boolean("GK_TEST_BOOL")
    monkeypatch.setenv("GK_TEST_INT", "many")
    with pytest.raises(env.ImproperEnvironment):
        env.integer("GK_TEST_INT", 1)
    with pytest.raises(env.ImproperEnvironment):
        env.required("GK_TEST_ABSENT")


def test_sqlite_by_default_in_wal_with_immediate_transactions(tmp_path):
    config = database_config(None, tmp_path / "var" / "db.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert (tmp_path / "var").is_dir()


def test_postgresql_by_database_url():
    config = database_config("postgres://gk:secret@db.example:5433/gongkai", Path("unused"))
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["HOST"], config["PORT"], config["USER"]) == ("gongkai", "db.example", 5433, "gk")
    assert "transaction_mode" not in config.get("OPTIONS", {})


def test_sqlite_by_database_url_keeps_wal():
    config = database_config("sqlite:////tmp/x.sqlite3", Path("unused"))
    assert config["OPTIONS"] == SQLITE_OPTIONS


@pytest.mark.django_db
def test_the_test_database_really_is_what_database_url_says():
    from django.db import connection

    expected = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    assert connection.vendor == expected
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] in ("wal", "memory")  # the in-memory test database has no WAL


def test_language_and_time_zone(settings):
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_I18N
    assert "django.middleware.locale.LocaleMiddleware" in settings.MIDDLEWARE
    assert settings.GONGKAI_MAX_UPLOAD_BYTES == 20 * 1024 * 1024


def test_production_settings_pass_check_deploy(tmp_path):
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "GONGKAI_", "DATABASE_"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="gongkai.settings.production",
        DJANGO_SECRET_KEY="x7#Kq9!vL2@pR5$wZ8^mN3&bT6*cY1(hJ4)gF0-dS9+aE2=uI5",
        DJANGO_ALLOWED_HOSTS="gongkai.example.org",
        GONGKAI_VAR_DIR=str(tmp_path),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "GONGKAI_", "DATABASE_"))
    }
    environment.update(DJANGO_SETTINGS_MODULE="gongkai.settings.production", GONGKAI_VAR_DIR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=environment, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
