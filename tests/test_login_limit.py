"""Login attempts are limited per client and overall, with a wait that grows: 50 wrong passwords against the real
server (started here, with a login) do not get 50 verdicts, the right password right after them is refused too, and
another client is not locked out by the first; many clients guessing together make everyone wait."""
from __future__ import annotations

import socket
import time

import httpx
import pytest

from assistant import Assistant
from assistant.settings import Settings
from web.serve import serve
from web.throttle import FREE_ATTEMPTS, FREE_ATTEMPTS_ALL, wait_after


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def login_url(tmp_path):
    settings = Settings.from_env(data_dir=tmp_path / "data", index_dir=tmp_path / "index", host="127.0.0.1",
                                 port=free_port(), auth="ann:s3cret")
    app = serve(Assistant.open(index_dir=tmp_path / "index", settings=settings), settings, block=False)
    url = f"http://127.0.0.1:{settings.web.port}"
    yield url
    app.close()


def client_at(address: str) -> httpx.Client:
    """A client connecting from a loopback address of its own (127.0.0.x), so the server sees another client."""
    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=30)


def login(c: httpx.Client, url: str, password: str) -> httpx.Response:
    return c.post(f"{url}/login", data={"username": "ann", "password": password})


def test_the_wait_doubles_after_the_free_attempts():
    assert [wait_after(n, 5) for n in range(1, 9)] == [0, 0, 0, 0, 1, 2, 4, 8]
    assert wait_after(60, 5) == 300


def test_fifty_wrong_passwords_from_one_client(login_url):
    with client_at("127.0.0.1") as a, client_at("127.0.0.2") as b:
        got = [login(a, login_url, f"guess{i}") for i in range(50)]
        verdicts = [r for r in got if r.status_code == 400]
        refused = [r for r in got if r.status_code == 429]
        assert len(verdicts) + len(refused) == 50
        # Only the free attempts, and the few a doubling wait lets through, had their password checked.
        assert FREE_ATTEMPTS <= len(verdicts) <= FREE_ATTEMPTS + 6, len(verdicts)
        assert all(int(r.headers["retry-after"]) >= 1 and "try again" in r.json()["detail"] for r in refused)
        # The right password while the client must wait is refused unchecked.
        right = login(a, login_url, "s3cret")
        assert right.status_code == 429
        # Another client is not locked out by the first.
        assert login(b, login_url, "s3cret").status_code == 200
        # Once the wait is over a wrong password is checked again, and the next wait is longer.
        first_wait = int(right.headers["retry-after"])
        time.sleep(first_wait + 0.2)
        assert login(a, login_url, "wrong again").status_code == 400
        after = login(a, login_url, "s3cret")
        assert after.status_code == 429 and int(after.headers["retry-after"]) > first_wait
        time.sleep(int(after.headers["retry-after"]) + 0.2)
        assert login(a, login_url, "s3cret").status_code == 200  # the right password, in time, still works


def test_many_clients_guessing_together_make_everyone_wait(login_url):
    # Each client stays within its own free attempts; together they pass the overall limit.
    guessers = [f"127.0.0.{i}" for i in range(10, 10 + FREE_ATTEMPTS_ALL // 2 + 1)]
    statuses = []
    for address in guessers:
        with client_at(address) as c:
            statuses += [login(c, login_url, "wrong").status_code for _ in range(2)]
    assert statuses.count(400) >= FREE_ATTEMPTS_ALL and set(statuses) <= {400, 429}
    with client_at("127.0.0.99") as fresh:
        refused = login(fresh, login_url, "s3cret")
        assert refused.status_code == 429
        time.sleep(int(refused.headers["retry-after"]) + 0.2)
        assert login(fresh, login_url, "s3cret").status_code == 200
