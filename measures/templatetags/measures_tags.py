"""Template hooks: the youth's tiltak on the case page and the tiltaksstopp banner."""

from django import template
from django.utils import timezone

from measures.selectors import deltakelser_for, ot_status_avvik, tiltaksstopp_for

register = template.Library()


@register.inclusion_tag("measures/_case_deltakelser.html")
def case_deltakelser(access):
    return {
        "deltakelser": deltakelser_for(access),
        "case": access.case,
        "may_offer": access.side == "nav",
        "is_ot": access.side == "ot",
        "avvik": ot_status_avvik(access),
    }


@register.inclusion_tag("measures/_tiltaksstopp.html")
def tiltaksstopp_banner(user):
    return {"stopp": tiltaksstopp_for(user, timezone.localdate())}
