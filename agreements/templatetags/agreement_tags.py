"""The case page's hook: the agreement governing a case, with no change to the cases view."""

from django import template

from agreements.selectors import governing_agreement

register = template.Library()


@register.inclusion_tag("agreements/_case_agreement.html")
def case_agreement(case):
    return {"governing": governing_agreement(case)}
