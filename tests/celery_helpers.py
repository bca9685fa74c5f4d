"""Pointing this process's Celery app at another broker during a test."""

from nav_ot.celery import app as celery_app


def point_celery_at(url: str, transport_options: dict | None = None) -> None:
    """Publish to `url` from now on.

    Celery caches its producer pools; forget them as a forked process does (Celery._after_fork),
    so the next publish dials the new address. Not closed: kombu's registry would hand the closed
    pool back for the same address.
    """
    celery_app.conf.broker_url = url
    if transport_options is not None:
        celery_app.conf.broker_transport_options = transport_options
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
