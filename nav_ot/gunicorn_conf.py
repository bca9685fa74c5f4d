"""gunicorn for Trekant: used by `make run` (nav_ot/devstack.py), the Dockerfile and compose.

The pages spend their time in Python (rendering, the ORM) with short waits on PostgreSQL, so
the CPU is the limit: one worker process per core, each with a few threads to overlap the
database waits (gthread). More processes than cores only add memory and contend for the CPU.
Workers are recycled after a number of requests so that memory stays flat over days.
Override per machine with WEB_CONCURRENCY (processes) and WEB_THREADS; scale out with more web
containers behind one PostgreSQL (README, "Scaling out").
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY") or max(2, multiprocessing.cpu_count()))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS") or 4)
# A worker that grew (a large export, say) is replaced; the jitter keeps them from all
# restarting at once.
max_requests = 1000
max_requests_jitter = 100
timeout = 30
graceful_timeout = 5
# Heartbeat files in memory, not on a container's overlay disk (which can stall the check).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
accesslog = "-"
