"""gunicorn's settings live in one file that every way of starting the web process uses."""

import importlib
from pathlib import Path

from nav_ot import devstack

ROOT = Path(__file__).resolve().parent.parent


def test_one_gunicorn_config_for_make_run_docker_and_compose():
    web = next(p for p in devstack._children({}) if p.name == "web")
    assert "python:nav_ot.gunicorn_conf" in web.argv
    for name in ("Dockerfile", "docker-compose.yml"):
        assert "python:nav_ot.gunicorn_conf" in (ROOT / name).read_text()


def test_gunicorn_config_threads_recycling_and_override(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    conf = importlib.reload(importlib.import_module("nav_ot.gunicorn_conf"))
    assert conf.workers == 3
    assert conf.worker_class == "gthread" and conf.threads == 4
    assert conf.max_requests > 0
    monkeypatch.delenv("WEB_CONCURRENCY")
    assert importlib.reload(conf).workers >= 2
