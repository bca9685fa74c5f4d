from django import forms
from django.contrib.auth.forms import AuthenticationForm

from nav_ot.forms import AkselFormMixin


class LoginForm(AkselFormMixin, AuthenticationForm):
    submit_label = "Logg inn"

    error_messages = {
        "invalid_login": "Feil brukernavn eller passord.",
        "inactive": "Denne brukeren er deaktivert. Kontakt en administrator.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Brukernavn"
        self.fields["password"].label = "Passord"
        self.fields["username"].widget.attrs["autofocus"] = True
        self.fields["password"].widget = forms.PasswordInput(
            attrs={"autocomplete": "current-password"}
        )
