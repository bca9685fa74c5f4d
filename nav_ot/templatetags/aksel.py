"""Template filters the Aksel crispy pack needs beyond crispy's own."""

from django import forms, template

register = template.Library()


@register.filter
def is_textarea(field) -> bool:
    return isinstance(field.field.widget, forms.Textarea)


@register.filter
def has_field_errors(form) -> bool:
    return any(name != "__all__" for name in form.errors)
