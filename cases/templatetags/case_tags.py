from django import template
from django.utils import timezone

from nav_ot.dates import age_on

register = template.Library()


@register.filter
def age(birth_date) -> int | str:
    return age_on(birth_date, timezone.localdate()) if birth_date else ""


@register.filter
def valid_on(samtykke, day) -> bool:
    return samtykke.is_valid_on(day)


@register.filter
def timeuntil_days(day, today) -> int:
    return (day - today).days
