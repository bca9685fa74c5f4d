"""`make run`: embedded services, migrations, demo data once, then web + worker + beat.

web, worker and beat, and the embedded servers this run started, are supervised: one that
dies is logged and started again with back-off (nav_ot/supervisor.py) while the rest keep
running. One Ctrl-C (or SIGTERM) stops the children and then the embedded servers this run
started. With DATABASE_URL / REDIS_URL set, those servers are used and left alone.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
HOST = os.environ.get("TREKANT_HOST", "127.0.0.1")
PORT = os.environ.get("TREKANT_PORT", "8000")


def _fail(message: str) -> None:
    print(f"\nTrekant kunne ikke starte: {message}", file=sys.stderr)
    sys.exit(2)


def _prepare_environment() -> tuple[dict[str, str], dict[str, bool]]:
    """Start the embedded servers up front; each child then finds the same ones under .data/.

    Returns the environment and which servers this run started, so that Ctrl-C stops those
    and leaves alone servers another process (say, `make test`) was already using.
    """
    import environ

    environ.Env.read_env(BASE_DIR / ".env")
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "nav_ot.settings")
    env.setdefault("DEBUG", "False")
    started = {"postgres": False, "redis": False}
    from nav_ot import embedded as servers

    try:
        if not env.get("DATABASE_URL"):
            print("Starter innebygd PostgreSQL (data i .data/postgres) …", flush=True)
            started["postgres"] = not servers.postgres_running()
            servers.postgres_database()
        if not env.get("REDIS_URL"):
            print("Starter innebygd Redis (data i .data/redis) …", flush=True)
            started["redis"] = not servers.redis_running()
            servers.redis_url()
    except Exception as exc:
        _fail(str(exc))
    return env, started


def _manage(env: dict[str, str], *args: str) -> None:
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env)
    if result.returncode != 0:
        _fail(f"«manage.py {' '.join(args)}» feilet (kode {result.returncode}).")


def _wait_for_web(url: str, is_stopping, supervisor, timeout: float = 60) -> bool:
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not is_stopping():
        supervisor.check()  # a part dying while the web warms up is restarted meanwhile
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310  (our own local server)
            return True
        except urllib.error.HTTPError:
            return True  # it answered, even if with 503 while the worker warms up
        except OSError:
            time.sleep(0.5)
    return False


def _children(env: dict[str, str]) -> list:
    from nav_ot.supervisor import Process

    python = sys.executable
    celery = [python, "-m", "celery", "-A", "nav_ot"]
    common = {"cwd": BASE_DIR, "env": env}
    return [
        Process(
            "web",
            [python, "-m", "gunicorn", "nav_ot.wsgi", "--bind", f"{HOST}:{PORT}"]
            + ["--config", "python:nav_ot.gunicorn_conf"],
            **common,
        ),
        Process(
            "worker",
            [*celery, "worker", "--loglevel", "INFO", "--concurrency", "2"]
            + ["--hostname", "trekant@%h"],
            **common,
        ),
        Process("beat", [*celery, "beat", "--loglevel", "INFO"], **common),
    ]


def _servers(started: dict[str, bool]) -> list:
    """The embedded servers this run started; those it found running belong to someone else."""
    from nav_ot import embedded
    from nav_ot.supervisor import Server

    servers = []
    if started["postgres"]:
        servers.append(
            Server("PostgreSQL", start=embedded.postgres_database, alive=embedded.postgres_running)
        )
    if started["redis"]:
        servers.append(Server("Redis", start=embedded.redis_url, alive=embedded.redis_running))
    return servers


def main() -> None:
    from nav_ot.supervisor import Supervisor

    os.chdir(BASE_DIR)
    env, started = _prepare_environment()
    _manage(env, "migrate", "--noinput")
    # --if-empty protects a database that already has data; --force allows a DATABASE_URL.
    _manage(env, "seed_demo", "--if-empty", "--force")
    _manage(env, "collectstatic", "--noinput", "--verbosity", "0")

    supervisor = Supervisor(_servers(started) + _children(env))
    try:
        supervisor.serve(on_started=lambda is_stopping: _announce(is_stopping, supervisor))
    finally:
        print("\nStopper Trekant …", flush=True)
        supervisor.stop()
        if any(started.values()):
            from nav_ot import embedded as servers

            servers.stop(**started)
        print("Trekant er stoppet.", flush=True)


def _announce(is_stopping, supervisor) -> None:
    url = f"http://{HOST}:{PORT}"
    if not _wait_for_web(f"{url}/healthz", is_stopping, supervisor):
        if not is_stopping():
            print(f"Webserveren svarte ikke på {url} innen ett minutt.", file=sys.stderr)
        return
    from nav_ot.demo_accounts import DEMO_LOGINS, DEMO_PASSWORD

    print("\n" + "=" * 64)
    print(f"  Trekant kjører på {url}")
    print(f"  Helsesjekk: {url}/healthz")
    print(f"  Demo-innlogginger (passord for alle: {DEMO_PASSWORD}):")
    for username, description in DEMO_LOGINS:
        print(f"    {username:<22} {description}")
    print("  Stopp med Ctrl-C. Deler som stopper, startes igjen av seg selv.")
    print("=" * 64 + "\n", flush=True)


if __name__ == "__main__":
    main()
