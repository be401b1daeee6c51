"""Run Django with production settings in a child process (settings are read once,
at import, from the environment; a test cannot switch them in-process)."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def production_env(tmp_path: Path, **overrides: str) -> dict:
    """The environment an operator sets for production, per the README."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key in {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "VIRTUAL_ENV"}
    }
    env.update(
        {
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "portal.example",
            "CSRF_TRUSTED_ORIGINS": "https://portal.example",
            "SITE_URL": "https://portal.example",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
            "DJANGO_SETTINGS_MODULE": "partnership.settings",
        }
    )
    env.update(overrides)
    return env


def manage(env: dict, *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


_FETCH = """
import json, sys
import django
django.setup()
from django.test import Client
out = []
for path, secure in json.loads(sys.argv[1]):
    r = Client(HTTP_HOST="portal.example").get(path, secure=secure)
    out.append({"path": path, "secure": secure, "status": r.status_code,
                "headers": dict(r.headers.items()),
                "cookies": {k: {"secure": bool(v["secure"]), "httponly": bool(v["httponly"]),
                                "samesite": v["samesite"]} for k, v in r.cookies.items()}})
print("RESULT" + json.dumps(out))
"""


def fetch(env: dict, requests: list[tuple[str, bool]]) -> list[dict]:
    """GET each (path, secure) with production settings; status, headers, cookies."""
    result = subprocess.run(
        [sys.executable, "-c", _FETCH, json.dumps(requests)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    line = next((x for x in result.stdout.splitlines() if x.startswith("RESULT")), None)
    assert line, f"the production process failed:\n{result.stdout}\n{result.stderr}"
    return json.loads(line[len("RESULT") :])
