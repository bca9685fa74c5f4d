"""Shared form base: a crispy helper that renders with the Aksel template pack."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit


class AkselFormMixin:
    submit_label = "Lagre"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_method = "post"
        self.helper.add_input(Submit("submit", self.submit_label))
