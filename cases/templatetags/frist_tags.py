"""How a guarantee deadline's status looks and which actions it offers, for tables and templates."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from cases.models import Frist
from cases.selectors import BREACHES, RUNNING

register = template.Library()

# The Aksel tag colour of each status, the one map the queue and the case page share.
STATUS_COLOR = {
    Frist.Status.APEN: "info",
    Frist.Status.SNART: "warning",
    Frist.Status.OPPFYLT: "success",
    Frist.Status.OPPFYLT_SENT: "warning",
    Frist.Status.BRUTT: "danger",
    Frist.Status.PAUSET: "neutral",
    Frist.Status.ERSTATTET: "neutral",
}


@register.filter
def frist_status_tag(frist: Frist) -> SafeString:
    return format_html(
        '<span class="aksel-tag aksel-tag--small" data-variant="moderate" data-color="{}">{}</span>',
        STATUS_COLOR.get(frist.status, "neutral"),
        frist.get_status_display(),
    )


@register.filter
def frist_running(frist: Frist) -> bool:
    return frist.status in RUNNING


@register.filter
def frist_paused(frist: Frist) -> bool:
    return frist.status == Frist.Status.PAUSET


@register.filter
def frist_breach(frist: Frist) -> bool:
    return frist.status in BREACHES
