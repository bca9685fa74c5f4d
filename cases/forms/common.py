"""Widgets and the bridge from a service's ValidationError to form errors (shared by every app)."""

from nav_ot.forms import DateInput, DateTimeInput, apply_service_error  # noqa: F401
