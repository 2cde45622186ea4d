"""An acknowledged online application survives a server kill right after the receipt page.

A real server (``manage.py runserver --noreload`` with the test settings) runs in a subprocess on
a database of its own: a file SQLite database in a temporary directory, or — when the suite runs
on PostgreSQL (DATABASE_URL=postgres://…) — a fresh PostgreSQL database created for this test and
dropped afterwards. The test fills in the public form with urllib (CSRF cookie and token, the
form's idempotency key), reads the tracking number and query code off the receipt page, kills the
server with SIGKILL at once, then finds the application by opening the database directly and
by querying its status on a restarted server. Submitting the same form again to the restarted
server returns the same application (no duplicate).
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MANAGE = ROOT / "manage.py"
AGENCY = "jiyuan-hrss"  # created by load_demo
APPLICANT = {
    "applicant_type": "natural_person",
    "applicant_name": "赵耐久",
    "id_type": "resident_id",
    "id_number": "11010519491231002X",
    "contact_phone": "13900000019",
    "contact_email": "zhao@example.org",
    "contact_address": "",
    "postal_code": "",
    "description": "2025年度本机关政府信息公开工作年度报告的底稿",
    "document_number": "",
    "purpose": "",
    "form_wanted": "electronic",
    "delivery": "email",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def server_database(tmp_path: Path):
    """(DATABASE_URL for the server, a function that runs one SQL query on it)."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        name = f"gongkai_durability_{uuid.uuid4().hex[:12]}"
        parts = urllib.parse.urlsplit(url)
        admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        db_url = urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))

        def query(sql: str, params=()):
            with psycopg.connect(db_url) as conn:
                return conn.execute(sql.replace("?", "%s"), params).fetchall()

        try:
            yield db_url, query
        finally:
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        path = tmp_path / "server.sqlite3"

        def query(sql: str, params=()):
            conn = sqlite3.connect(path)
            try:
                return conn.execute(sql, params).fetchall()
            finally:
                conn.close()

        yield f"sqlite:///{path}", query


def manage(env: dict, *args: str) -> None:
    subprocess.run(
        [sys.executable, str(MANAGE), *args], env=env, cwd=ROOT, check=True, capture_output=True, timeout=300
    )


class Server:
    def __init__(self, env: dict, tmp_path: Path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = open(tmp_path / f"server-{self.port}.log", "wb")
        self.process = subprocess.Popen(
            [sys.executable, str(MANAGE), "runserver", "--noreload", "--nothreading", f"127.0.0.1:{self.port}"],
            env=env,
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(self.base + "/apply/status/", timeout=2).read()
                return
            except (urllib.error.URLError, ConnectionError, OSError):
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.kill()
                    raise RuntimeError((tmp_path / f"server-{self.port}.log").read_text(errors="replace")) from None
                time.sleep(0.2)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)
        self.log.close()


def browser():
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


def get_form(opener, url: str) -> dict:
    page = opener.open(url, timeout=10).read().decode()
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
    assert "csrfmiddlewaretoken" in fields and "form_key" in fields, page[:2000]
    return fields


def post(opener, url: str, data: dict) -> tuple[int, str]:
    body = urllib.parse.urlencode(data).encode()
    request = urllib.request.Request(url, data=body, headers={"Referer": url})
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def receipt(page: str) -> tuple[str, str]:
    number = re.search(r'id="tracking-number">([^<]+)<', page)
    code = re.search(r'id="query-code">([^<]+)<', page)
    assert number and code, page[:3000]
    return number.group(1), code.group(1)


def test_acknowledged_application_survives_kill_9_and_is_not_duplicated(tmp_path):
    with server_database(tmp_path) as (db_url, query):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "gongkai.settings.test",
            "DATABASE_URL": db_url,
            "GONGKAI_VAR_DIR": str(tmp_path),
            "PYTHONUNBUFFERED": "1",
        }
        manage(env, "migrate", "--no-input", "-v0")
        manage(env, "load_demo")

        server = Server(env, tmp_path)
        try:
            opener = browser()
            form_url = f"{server.base}/apply/{AGENCY}/"
            hidden = get_form(opener, form_url)
            data = {**hidden, **APPLICANT}
            status, page = post(opener, form_url, data)
            assert status == 200, page[:3000]
            number, code = receipt(page)
        finally:
            server.kill()  # SIGKILL right after the receipt: no shutdown, no flush

        # The database, opened directly: the application, its first step and its audit event.
        rows = query(
            "SELECT id, state, channel, applicant_name FROM applications_application WHERE tracking_number = ?",
            (number,),
        )
        assert len(rows) == 1 and rows[0][1:] == ("awaiting_receipt", "online", "赵耐久")
        app_id = rows[0][0]
        assert query("SELECT kind FROM applications_step WHERE application_id = ?", (app_id,)) == [("submitted",)]
        submitted = "SELECT COUNT(*) FROM audit_auditevent WHERE code = 'application.submitted' AND target_id = ?"
        assert query(submitted, (str(app_id),)) == [(1,)]

        # A restarted server knows it: the applicant's query code works; the same form sent again
        # (the browser retrying after the lost connection) creates no second application.
        server = Server(env, tmp_path)
        try:
            applicant = browser()
            status_url = f"{server.base}/apply/status/"
            hidden = get_form_status(applicant, status_url)
            status, page = post(applicant, status_url, {**hidden, "tracking_number": number, "query_code": code})
            assert status == 200 and number in page and "待确认收到" in page, page[:3000]
            status, page = post(opener, f"{server.base}/apply/{AGENCY}/", data)
            assert status == 200, page[:3000]
            again, _new_code = receipt(page)
            assert again == number
        finally:
            server.kill()
        same = "SELECT COUNT(*) FROM applications_application WHERE applicant_name = ?"
        assert query(same, ("赵耐久",)) == [(1,)]


def get_form_status(opener, url: str) -> dict:
    page = opener.open(url, timeout=10).read().decode()
    return dict(re.findall(r'<input type="hidden" name="(csrfmiddlewaretoken)" value="([^"]*)"', page))


if __name__ == "__main__":  # pragma: no cover
    pytest.main([__file__, "-q"])
