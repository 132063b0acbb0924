"""The newsletter sign-up form, in the footer of every page and on its own page."""

import django.forms
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from home.public_forms import ERROR_MESSAGES, PublicFormMixin, cleaned_data_copy, first_input_id


class NewsletterForm(PublicFormMixin, django.forms.Form):
    email = django.forms.EmailField(label=_("Email address"), max_length=254, error_messages=ERROR_MESSAGES)
    first_name = django.forms.CharField(
        label=_("First name"), max_length=100, required=False, error_messages=ERROR_MESSAGES
    )

    def __init__(self, data=None, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        kwargs.setdefault("auto_id", "newsletter-%s")
        super().__init__(cleaned_data_copy(data), *args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.add_honeypot()

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    @cached_property
    def error_list(self):
        return [
            {"id": first_input_id(field), "label": field.label, "message": message}
            for field in self.visitor_fields
            for message in field.errors
        ]
