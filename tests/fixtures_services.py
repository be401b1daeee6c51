"""Real services for integration tests: an SMTP listener and a Celery worker.

The worker is a separate process running `celery -A partnership worker` against the
Redis in REDIS_URL and the test database, so it only sees committed rows: tests that
use it take `transactional_db`. Without PostgreSQL and Redis (a plain local
`make test`) these tests are skipped, unless REQUIRE_SERVICES=1 (as in CI), where a
missing service fails them.
"""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from email import message_from_bytes
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def _missing_service(reason: str):
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(f"CI needs this service: {reason}")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SMTPCatcher:
    """Collects every message a real SMTP client delivers to it."""

    def __init__(self):
        self.messages = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd API)
        message = message_from_bytes(envelope.content)
        with self._lock:
            self.messages.append(
                {
                    "to": list(envelope.rcpt_tos),
                    "subject": " ".join(str(message["Subject"]).split()),
                    "body": message.get_payload(decode=True).decode("utf-8", "replace")
                    if not message.is_multipart()
                    else message.get_payload(0).get_payload(decode=True).decode(),
                }
            )
        return "250 Message accepted for delivery"

    def wait_for(self, count: int, timeout: float = 20.0) -> list[dict]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.messages) >= count:
                    return list(self.messages)
            time.sleep(0.05)
        with self._lock:
            return list(self.messages)


@pytest.fixture
def smtp_server():
    """A real SMTP listener on localhost; `.messages` holds what it received."""
    from aiosmtpd.controller import Controller

    catcher = SMTPCatcher()
    controller = Controller(catcher, hostname="127.0.0.1", port=free_port())
    controller.start()
    catcher.port = controller.port
    yield catcher
    controller.stop()


class WorkerProcess:
    def __init__(self, env: dict, log_path: Path):
        self.env = env
        self.log_path = log_path
        self.proc = None

    def start(self, timeout: float = 40.0):
        self._log = self.log_path.open("ab")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "partnership",
                "worker",
                "--pool=solo",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                f"test-{uuid.uuid4().hex[:8]}@%h",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"Celery worker exited:\n{self.log()}")
            if " ready." in self.log():
                return self
            time.sleep(0.1)
        raise RuntimeError(f"Celery worker did not start:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def kill(self):
        """Kill the worker as an out-of-memory killer would: no clean shutdown."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()
        if getattr(self, "_log", None):
            self._log.close()


def _redis_url() -> str:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        _missing_service("REDIS_URL is not set (no Redis broker for a real worker)")
    return url


@pytest.fixture
def worker_env(transactional_db, smtp_server, tmp_path):
    """Environment for a worker process that shares this test's database and Redis."""
    if connection.vendor != "postgresql":
        _missing_service("a real worker needs PostgreSQL (set DATABASE_URL)")
    redis_url = _redis_url()
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    db = connection.settings_dict
    database_url = (
        f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/"
        f"{db['NAME']}"
    )
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_server.port),
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "DEBUG": "1",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DB_CONN_MAX_AGE": "0",
    }
    return env


@pytest.fixture
def celery_worker(worker_env, tmp_path, settings):
    """A real Celery worker process, stopped at the end of the test."""
    settings.MEDIA_ROOT = worker_env["MEDIA_ROOT"]
    worker = WorkerProcess(worker_env, tmp_path / "worker.log").start()
    yield worker
    worker.stop()
