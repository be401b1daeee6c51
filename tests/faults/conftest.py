"""Fault injection: a Redis broker of our own that a test can kill and start again,
and a Celery app in the test process pointed at it."""

import shutil
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.fixtures_services import WorkerProcess, _missing_service, free_port


class RedisServer:
    """`redis-server` as a child process on a fixed port: kill it, start it again."""

    def __init__(self, port: int, log_path: Path):
        self.port = port
        self.log_path = log_path
        self.proc = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout: float = 10.0):
        import redis

        self._log = self.log_path.open("ab")
        self.proc = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
            ],
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.2)
        while time.monotonic() < deadline:
            try:
                if client.ping():
                    return self
            except redis.RedisError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start:\n{self.log_path.read_text()}")

    def kill(self):
        """Stop the broker abruptly (no persistence: queued messages are lost)."""
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        if getattr(self, "_log", None):
            self._log.close()

    @property
    def running(self) -> bool:
        return bool(self.proc) and self.proc.poll() is None


@pytest.fixture
def own_redis(tmp_path):
    """A private Redis on a free port, killed at the end of the test."""
    if not shutil.which("redis-server"):
        _missing_service("redis-server is not installed")
    server = RedisServer(free_port(), tmp_path / "redis.log").start()
    yield server
    server.kill()


@contextmanager
def celery_broker(url: str):
    """Point the test process's Celery app (the producer side) at another broker."""
    from partnership.celery import app

    def reset():
        # Kombu keeps connection and producer pools in global registries keyed by
        # connection: clear them all, or a later test gets a closed pool back.
        from kombu import pools

        pools.reset()
        app._pool = None
        amqp = app.__dict__.get("amqp")
        if amqp is not None:
            amqp._producer_pool = None

    previous = app.conf.broker_url
    reset()
    app.conf.broker_url = url
    try:
        yield app
    finally:
        reset()
        app.conf.broker_url = previous


@pytest.fixture
def start_worker(worker_env, tmp_path, settings):
    """start_worker(**env_overrides) -> a real worker; all are stopped at the end."""
    settings.MEDIA_ROOT = worker_env["MEDIA_ROOT"]
    workers = []

    def start(**overrides):
        env = {**worker_env, **overrides}
        worker = WorkerProcess(env, tmp_path / f"worker-{len(workers)}.log")
        workers.append(worker)
        return worker.start()

    yield start
    for worker in workers:
        worker.stop()
