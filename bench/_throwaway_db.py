"""A throwaway test database for benchmarks, on the configured server."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nav_ot.settings")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@contextlib.contextmanager
def throwaway_database(name: str = "test_bench_trekant"):
    import django

    django.setup()
    from django.conf import settings
    from django.db import connections
    from django.test.runner import DiscoverRunner
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.STORAGES["staticfiles"]["BACKEND"] = (
        "django.contrib.staticfiles.storage.StaticFilesStorage"
    )
    connections["default"].settings_dict["TEST"]["NAME"] = name
    runner = DiscoverRunner(verbosity=0, interactive=False)
    old = runner.setup_databases()
    try:
        yield
    finally:
        runner.teardown_databases(old)
