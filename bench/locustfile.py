"""One page under load: bench/run.py sets BENCH_PATH, BENCH_NAME and BENCH_COOKIE.

Run by hand against a running server, e.g.:
    BENCH_PATH=/schools/ BENCH_NAME=schools locust -f bench/locustfile.py \\
        --headless -u 8 -r 8 -t 20s --host http://127.0.0.1:8000
"""

import os

from locust import FastHttpUser, constant, task

PATH = os.environ.get("BENCH_PATH", "/")
NAME = os.environ.get("BENCH_NAME", PATH)
COOKIE = os.environ.get("BENCH_COOKIE", "")


class PortalVisitor(FastHttpUser):
    """A client that asks for the same page again as soon as it has the answer."""

    wait_time = constant(0)
    connection_timeout = 30
    network_timeout = 30

    @task
    def page(self):
        headers = {"Cookie": f"sessionid={COOKIE}"} if COOKIE else {}
        with self.client.get(
            PATH, name=NAME, headers=headers, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            elif COOKIE and b"Signed in as" not in (response.content or b""):
                response.failure("not signed in")
