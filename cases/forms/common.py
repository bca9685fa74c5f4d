"""Widgets and the bridge from a service's ValidationError to form errors."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def apply_service_error(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form, on the field it names where it has one."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
