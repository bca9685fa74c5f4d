"""Shared forms: bounds on every field, the Aksel crispy helper, date widgets, service errors.

`CleanInputMixin` is the one place that keeps junk out of the database: control characters
(PostgreSQL refuses NUL), text longer than its column, and dates no case can have (year 1
is stored as a BC timestamp that psycopg cannot read back).
"""

from __future__ import annotations

import datetime as dt
from html import escape  # the plain function: Django's lazy-aware one costs 3x per option

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from dateutil.relativedelta import relativedelta
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, RegexValidator
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.safestring import mark_safe

# Free text (a TextField) has no column limit; a page of text is more than any note needs.
TEXT_MAX_LENGTH = 10_000
EARLIEST_DATE = dt.date(1900, 1, 1)
YEARS_AHEAD = 5

no_control_characters = RegexValidator(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]",
    inverse_match=True,
    message="Teksten inneholder ugyldige kontrolltegn.",
    code="control_characters",
)


class DateRange:
    """A date (or the Oslo date of a datetime) from `earliest` to `years_ahead` from today."""

    def __init__(self, *, earliest: dt.date = EARLIEST_DATE, years_ahead: int = YEARS_AHEAD):
        self.earliest, self.years_ahead = earliest, years_ahead

    def latest(self) -> dt.date:
        return timezone.localdate() + relativedelta(years=self.years_ahead)

    def __call__(self, value: dt.date | dt.datetime) -> None:
        day = timezone.localtime(value).date() if isinstance(value, dt.datetime) else value
        if day < self.earliest:
            raise ValidationError(
                "Datoen kan ikke være før %(earliest)s.",
                code="date_too_early",
                params={"earliest": f"{self.earliest:%d.%m.%Y}"},
            )
        if day > self.latest():
            if self.years_ahead == 0:
                raise ValidationError("Datoen kan ikke være fram i tid.", code="date_too_late")
            raise ValidationError(
                "Datoen kan ikke være mer enn %(years)s år fram i tid.",
                code="date_too_late",
                params={"years": self.years_ahead},
            )


def bound_field(field: forms.Field) -> None:
    """Add the input bounds to one field (idempotent)."""
    validators = field.validators
    if isinstance(field, forms.CharField):
        if no_control_characters not in validators:
            validators.append(no_control_characters)
        if not any(isinstance(v, MaxLengthValidator) for v in validators):
            # AuthenticationForm sets max_length after construction, without a validator.
            limit = field.max_length or TEXT_MAX_LENGTH
            validators.append(MaxLengthValidator(limit))
    elif isinstance(field, forms.DateField | forms.DateTimeField):
        if not any(isinstance(v, DateRange) for v in validators):
            validators.append(DateRange())


class CleanInputMixin:
    """Bounds every field of the form; put it first among a form's bases."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            bound_field(field)


class AkselFormMixin(CleanInputMixin):
    submit_label = "Lagre"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_method = "post"
        self.helper.add_input(Submit("submit", self.submit_label))


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


class LongSelect(forms.Select):
    """A select rendered in Python, for menus of hundreds of options (a county unit's staff, 500
    people) and pages with many menus: Django's Select renders each option through two template
    includes, which made the unit list's menus a third of its time at OT Vestland – Bergen
    (issue 11). Same HTML."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        chosen = {str(v) for v in self.format_value(value)}
        options = "".join(
            f'<option value="{escape(str(key))}"{" selected" if str(key) in chosen else ""}>'
            f"{escape(str(label))}</option>"
            for key, label in self.choices
        )
        return mark_safe(f"<select{flatatt(attrs)}>{options}</select>")  # each part escaped above


class PersonChoices(ModelChoiceIterator):
    """A ModelChoiceField's people as "First Last" (the username for a person without a name),
    read as values: a menu of a county unit's 520 people builds no User object for each."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        rows = self.queryset.values_list("pk", "first_name", "last_name", "username")
        for pk, first_name, last_name, username in rows.iterator():
            yield (pk, f"{first_name} {last_name}".strip() or username)


def person_menu(field: forms.ModelChoiceField) -> None:
    """Give a ModelChoiceField of users PersonChoices (its menu's options; validation still reads
    the queryset)."""
    field.iterator = PersonChoices
    field.widget.choices = field.choices
