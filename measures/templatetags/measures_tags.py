"""The case page's hook: the youth's tiltak participation, with no change to the cases view."""

from django import template

from measures.selectors import deltakelser_for

register = template.Library()


@register.inclusion_tag("measures/_case_deltakelser.html")
def case_deltakelser(access):
    return {
        "deltakelser": deltakelser_for(access),
        "case": access.case,
        "may_offer": access.side == "nav",
    }
