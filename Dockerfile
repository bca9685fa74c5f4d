# Production image: gunicorn for web; the same image runs the Celery worker and beat.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=nav_ot.settings

WORKDIR /app
RUN useradd --system --create-home --home-dir /home/trekant trekant

COPY pyproject.toml README.md ./
COPY nav_ot ./nav_ot
COPY accounts ./accounts
COPY cases ./cases
COPY agreements ./agreements
COPY measures ./measures
RUN pip install --upgrade pip && pip install .

COPY manage.py ./
COPY templates ./templates
COPY static ./static
# collectstatic needs settings but no running services.
RUN SECRET_KEY=build DATABASE_URL=postgres://build@localhost/build REDIS_URL=redis://localhost:6379/0 \
    python manage.py collectstatic --noinput --verbosity 0

USER trekant
EXPOSE 8000
CMD ["gunicorn", "nav_ot.wsgi", "--config", "python:nav_ot.gunicorn_conf"]
