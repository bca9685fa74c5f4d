"""The Celery app: Redis broker, tasks found in each app's tasks.py."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nav_ot.settings")

app = Celery("nav_ot")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
