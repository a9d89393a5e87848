"""The sign-up form: an e-mail address and nothing else, and a honeypot."""

from django import forms
from django.utils.translation import gettext_lazy as _


class SignUpForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"), help_text=_("Used only to send these alerts; never shown.")
    )
    # The honeypot: hidden from people (by the stylesheet, and from screen readers), filled in by
    # form-filling robots. A sign-up with it filled in is thanked and thrown away.
    website = forms.CharField(required=False, label=_("Leave this empty"), max_length=200)
