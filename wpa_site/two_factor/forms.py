"""Wagtail's login form with the second step on it, and the form of a code alone."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm

from wpa_site import two_factor
from wpa_site.two_factor import devices


def code_field(required):
    return forms.CharField(
        label=_("Authentication code"),
        required=required,
        max_length=32,
        strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "spellcheck": "false"}),
    )


class StaffLoginForm(LoginForm):
    """Password and code together. One answer for every wrong part, so a guess
    learns nothing about the password; a wrong code counts toward the same
    lockout as a wrong password. Someone with no app yet signs in with the
    password alone and is led to set one up (TwoFactorRequiredMiddleware)."""

    error_messages = {
        **LoginForm.error_messages,
        "invalid_login": _("Your %(username_field)s, password or authentication code didn't match. Please try again."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["otp_token"] = code_field(required=False)
        self.fields["otp_token"].help_text = _(
            "The 6-digit code from your authenticator app, or one of your backup codes. "
            "Leave it empty if you have not set up an app yet."
        )

    def clean(self):
        cleaned_data = super().clean()
        user = self.user_cache
        if user is None or not devices.has_device(user):
            return cleaned_data
        code = cleaned_data.get("otp_token", "")
        if not code and not two_factor.required():
            return cleaned_data
        device = devices.verify_code(user, code)
        if device is None:
            devices.record_failure(self.request, cleaned_data.get("username"))
            raise self.get_invalid_login_error()
        # django-otp's user_logged_in receiver marks the session verified by this device.
        user.otp_device = device
        return cleaned_data


class CodeForm(forms.Form):
    otp_token = code_field(required=True)
