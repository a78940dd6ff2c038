"""Login attempts, limited per client and overall, with a wait that doubles with every further wrong password.

Gradio checks a password as often as it is asked (200 wrong ones took 1.8 s, and the right one was then accepted).
This ASGI middleware sits in front of Gradio's `/login`: a client (its address, as uvicorn reports it) may get
`FREE_ATTEMPTS` passwords wrong; from then on each wrong one makes it wait `BASE_DELAY_S` × 2^(wrong − FREE_ATTEMPTS)
seconds (at most `MAX_DELAY_S`) before it may try again. Wrong passwords from all clients together are limited the
same way (`FREE_ATTEMPTS_ALL` within `WINDOW_S`), so many addresses guessing at once slow down too. While a client
must wait, its attempts are refused with 429 and a Retry-After header without the password being checked (so a right
guess then is not told apart from a wrong one). A right password clears its client's count.
"""
from __future__ import annotations

import json
import math
import threading
import time
from collections import deque
from dataclasses import dataclass

FREE_ATTEMPTS = 5  # wrong passwords a client may send before it must wait
FREE_ATTEMPTS_ALL = 20  # wrong passwords all clients together may send within WINDOW_S before everyone waits
WINDOW_S = 600.0
BASE_DELAY_S = 1.0
MAX_DELAY_S = 300.0


@dataclass
class _Client:
    """One client's wrong passwords since its last right one, and until when it must wait."""

    wrong: int = 0
    until: float = 0.0


def wait_after(wrong: int, free: int) -> float:
    """Seconds to wait after the `wrong`-th wrong password when `free` are allowed: 0, then 1, 2, 4, ... capped."""
    if wrong < free:
        return 0.0
    return min(BASE_DELAY_S * 2 ** min(wrong - free, 30), MAX_DELAY_S)


class LoginThrottle:
    """ASGI middleware: limits POSTs to the login route (the rule in the module docstring)."""

    def __init__(self, app, clock=time.monotonic):
        self.app = app
        self.clock = clock
        self.clients: dict[str, _Client] = {}
        self.recent: deque[float] = deque()  # when each wrong password of any client came, within WINDOW_S
        self.all_until = 0.0
        self.lock = threading.Lock()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "POST" or not scope["path"].rstrip("/").endswith("/login"):
            await self.app(scope, receive, send)
            return
        who = (scope.get("client") or ("?", 0))[0]
        with self.lock:
            now = self.clock()
            wait = max(self.clients.get(who, _Client()).until, self.all_until) - now
        if wait > 0:
            await _refuse(send, wait)
            return
        status = 0

        async def noting_status(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        await self.app(scope, receive, noting_status)
        self._record(who, status)

    def _record(self, who: str, status: int) -> None:
        with self.lock:
            now = self.clock()
            if status == 200:
                self.clients.pop(who, None)
                return
            if status != 400:  # not a verdict on a password (a malformed form)
                return
            c = self.clients.setdefault(who, _Client())
            c.wrong += 1
            c.until = now + wait_after(c.wrong, FREE_ATTEMPTS)
            self.recent.append(now)
            while self.recent and self.recent[0] < now - WINDOW_S:
                self.recent.popleft()
            self.all_until = max(self.all_until, now + wait_after(len(self.recent), FREE_ATTEMPTS_ALL))


async def _refuse(send, wait: float) -> None:
    seconds = max(1, math.ceil(wait))
    body = json.dumps({"detail": f"Too many wrong passwords: try again in {seconds} s."}).encode()
    await send({"type": "http.response.start", "status": 429,
                "headers": [(b"content-type", b"application/json"), (b"retry-after", str(seconds).encode()),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
