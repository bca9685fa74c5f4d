"""The `make run` supervisor with real child processes and a real embedded Redis."""

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from nav_ot import embedded
from nav_ot.supervisor import Backoff, Process, Server, Supervisor

PYTHON = sys.executable


def run_for(supervisor, seconds, until=lambda: False):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not until():
        supervisor.check()
        time.sleep(0.05)


def test_a_crash_looping_child_is_restarted_with_capped_backoff_and_the_others_keep_running():
    log = []
    crash = Process("crash", [PYTHON, "-c", "import sys; sys.exit(3)"])
    steady = Process("steady", [PYTHON, "-c", "import time; time.sleep(60)"])
    supervisor = Supervisor(
        [crash, steady], Backoff(first=0.2, cap=0.8, stable_after=30), log=log.append
    )
    supervisor.start()
    steady_pid = steady.popen.pid
    try:
        run_for(supervisor, 15, until=lambda: supervisor.restarts("crash") >= 4)
        delays = [
            line.rsplit("om ", 1)[1]
            for line in log
            if line.startswith("crash stoppet uventet (kode 3)")
        ]
        assert delays[:4] == ["0.2 s.", "0.4 s.", "0.8 s.", "0.8 s."]
        assert "crash er startet igjen (1. gang)." in log
        assert steady.popen.pid == steady_pid and steady.exit_code() is None
        assert supervisor.restarts("steady") == 0

        # Killing a child's main process: logged with its signal, started again.
        os.kill(steady_pid, signal.SIGKILL)
        run_for(supervisor, 5, until=lambda: supervisor.restarts("steady") == 1)
        assert "steady stoppet uventet (kode -9); startes igjen om 0.2 s." in log
        assert steady.exit_code() is None and steady.popen.pid != steady_pid
    finally:
        supervisor.stop(timeout=5)
    assert steady.exit_code() == -signal.SIGTERM
    supervisor.stop()  # a second stop does nothing


def test_backoff_starts_over_after_a_stable_run():
    log = []
    child = Process("flaky", [PYTHON, "-c", "import time, sys; time.sleep(0.6); sys.exit(1)"])
    supervisor = Supervisor([child], Backoff(first=0.2, cap=5, stable_after=0.5), log=log.append)
    supervisor.start()
    try:
        run_for(supervisor, 10, until=lambda: supervisor.restarts("flaky") >= 2)
    finally:
        supervisor.stop(timeout=5)
    deaths = [line for line in log if "stoppet uventet" in line]
    assert len(deaths) >= 2
    assert all(line.endswith("startes igjen om 0.2 s.") for line in deaths)


def test_the_embedded_redis_is_started_again_when_it_stops(tmp_path, monkeypatch):
    monkeypatch.setattr(embedded, "DATA_DIR", tmp_path)
    embedded.redis_url()
    log = []
    supervisor = Supervisor(
        [Server("Redis", start=embedded.redis_url, alive=embedded.redis_running)],
        Backoff(first=0.2),
        log=log.append,
    )
    supervisor.start()
    try:
        embedded.stop(postgres=False)
        assert not embedded.redis_running()
        run_for(supervisor, 10, until=lambda: supervisor.restarts("Redis") == 1)
        assert "Redis svarer ikke lenger; startes igjen om 0.2 s." in log
        assert embedded.redis_running()
    finally:
        embedded.stop(postgres=False)


SERVE = textwrap.dedent(
    """
    import sys
    from nav_ot.supervisor import Process, Supervisor

    supervisor = Supervisor(
        [Process("a", [sys.executable, "-c", "import time; time.sleep(60)"]),
         Process("b", [sys.executable, "-c", "import time; time.sleep(60)"])]
    )
    try:
        supervisor.serve(on_started=lambda _: print(
            *[p.popen.pid for p in supervisor.parts], flush=True))
    finally:
        print("stopper", flush=True)
        supervisor.stop()
    """
)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_every_child_once(signum):
    launcher = subprocess.Popen(
        [PYTHON, "-c", SERVE], stdout=subprocess.PIPE, text=True, cwd=os.getcwd()
    )
    try:
        pids = [int(pid) for pid in launcher.stdout.readline().split()]
        launcher.send_signal(signum)
        launcher.send_signal(signum)  # an impatient second Ctrl-C changes nothing
        out, _ = launcher.communicate(timeout=20)
    finally:
        launcher.kill()
    assert launcher.returncode == 0
    assert out.count("stopper") == 1
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
