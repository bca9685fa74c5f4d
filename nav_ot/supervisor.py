"""Keeps `make run`'s parts alive: a part that dies is logged and started again with back-off.

A part is a child process (web, worker, beat) or a server the launcher started itself (the
embedded Redis and PostgreSQL, which run detached and are watched by asking them). One part
crash-looping only ever costs its own restarts; the others keep running.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Backoff:
    """Delay before the n-th restart in a row: first, 2×first, … up to cap.

    A part that had run for stable_after seconds before it died starts again at first.
    """

    first: float = 1.0
    cap: float = 30.0
    stable_after: float = 60.0


class Process:
    """A child process; its own process group, so a Ctrl-C reaches only the launcher."""

    def __init__(self, name: str, argv: Sequence[str], **popen_kwargs) -> None:
        self.name = name
        self.argv = list(argv)
        self.popen_kwargs = popen_kwargs
        self.popen: subprocess.Popen | None = None

    def start(self) -> None:
        self.popen = subprocess.Popen(self.argv, process_group=0, **self.popen_kwargs)

    def exit_code(self) -> int | None:
        """None while it runs."""
        return None if self.popen is None else self.popen.poll()

    def terminate(self) -> None:
        if self.popen is not None and self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)

    def wait(self, timeout: float) -> None:
        if self.popen is None:
            return
        try:
            self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait()


class Server:
    """A detached server (embedded Redis or PostgreSQL): alive when it answers."""

    def __init__(self, name: str, *, start: Callable[[], object], alive: Callable[[], bool]):
        self.name = name
        self._start = start
        self._alive = alive

    def start(self) -> None:
        self._start()

    def exit_code(self) -> int | None:
        return None if self._alive() else -1

    # Stopping servers is the launcher's business: it knows which ones this run started.
    def terminate(self) -> None:
        pass

    def wait(self, timeout: float) -> None:
        pass


@dataclass
class _State:
    started_at: float
    delay: float
    restart_at: float | None = None
    restarts: int = 0


def _log(message: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)


@dataclass
class Supervisor:
    parts: list
    backoff: Backoff = field(default_factory=Backoff)
    log: Callable[[str], None] = _log
    _states: dict[str, _State] = field(default_factory=dict)
    _stopped: bool = False

    def start(self) -> None:
        for part in self.parts:
            part.start()
            self._states[part.name] = _State(time.monotonic(), self.backoff.first)

    def check(self) -> None:
        """Notice parts that died and start those whose back-off has run out."""
        now = time.monotonic()
        for part in self.parts:
            state = self._states[part.name]
            if state.restart_at is None:
                code = part.exit_code()
                if code is not None:
                    self._schedule_restart(part, state, code, now)
            elif now >= state.restart_at and not self._stopped:
                self._restart(part, state)

    def _schedule_restart(self, part, state: _State, code: int, now: float) -> None:
        if now - state.started_at >= self.backoff.stable_after:
            state.delay = self.backoff.first
        state.restart_at = now + state.delay
        what = "svarer ikke lenger" if code == -1 else f"stoppet uventet (kode {code})"
        self.log(f"{part.name} {what}; startes igjen om {state.delay:g} s.")
        state.delay = min(state.delay * 2, self.backoff.cap)

    def _restart(self, part, state: _State) -> None:
        state.restart_at = None
        state.started_at = time.monotonic()
        state.restarts += 1
        try:
            part.start()
        except Exception as exc:  # e.g. the embedded server did not come up: try again later
            self.log(f"{part.name} kunne ikke startes: {exc}")
            self._schedule_restart(part, state, -1, time.monotonic())
            return
        self.log(f"{part.name} er startet igjen ({state.restarts}. gang).")

    def restarts(self, name: str) -> int:
        return self._states[name].restarts

    def run(self, is_stopping: Callable[[], bool], interval: float = 0.2) -> None:
        while not is_stopping():
            self.check()
            time.sleep(interval)

    def serve(self, on_started: Callable[[Callable[[], bool]], None] | None = None) -> None:
        """Start the parts and keep them alive until SIGINT or SIGTERM; the caller then stops."""
        stopping = False

        def request_stop(*_args) -> None:
            # Only a flag: the caller stops, once, however many signals arrive.
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, request_stop)
        signal.signal(signal.SIGTERM, request_stop)
        self.start()
        if on_started is not None:
            on_started(lambda: stopping)
        self.run(lambda: stopping)

    def stop(self, timeout: float = 15) -> None:
        """SIGTERM to every child, then wait (and kill after timeout); only the first call acts."""
        if self._stopped:
            return
        self._stopped = True
        for part in self.parts:
            part.terminate()
        deadline = time.monotonic() + timeout
        for part in self.parts:
            part.wait(max(0.0, deadline - time.monotonic()))
