"""Public forms: the Connect form built from the page's fields, and what
every public form shares (the newsletter's is in home/newsletter/forms.py).

They keep what a visitor typed within bounds (a maximum length on every
field), clean out characters that have no place in text, and carry a
honeypot field that people never see.
"""

import re
import time
import unicodedata

import django.forms
from django.conf import settings
from django.core import signing
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import BaseForm, FormBuilder

HONEYPOT_FIELD = "website"
STARTED_FIELD = "form_started"
TOPIC_FIELD = "how_can_we_help"
# Where the program a message is about is kept (see home/models/connect_programs.py).
PROGRAM_FIELD = "_program"
STARTED_SALT = "home.public_forms.connect-started"

MAX_LENGTHS = {
    "singleline": 255,
    "multiline": 5000,
    "email": 254,
    "url": 2000,
    "hidden": 255,
}
# Keep line breaks and tabs; drop every other control character, Unicode
# "non-characters" and halves of broken surrogate pairs.
UNWANTED_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean_text(value):
    """Text as a person could have typed it: no control characters, no
    broken Unicode, composed characters in their usual form."""
    if not isinstance(value, str):
        return value
    return unicodedata.normalize("NFC", UNWANTED_CHARACTERS.sub("", value))


def cleaned_data_copy(data):
    """A copy of submitted form data with every value passed through clean_text."""
    if data is None:
        return None
    data = data.copy()
    if hasattr(data, "lists"):
        for key, values in list(data.lists()):
            data.setlist(key, [clean_text(value) for value in values])
        return data
    return {key: clean_text(value) for key, value in data.items()}


# Plainer words than Django's own, for people writing in a hurry, perhaps
# on a phone; the same messages on every public form.
ERROR_MESSAGES = {
    "required": _("Please fill this in."),
    "max_length": _("Please shorten this to %(limit_value)d characters or fewer."),
    "invalid": _("Please check this answer."),
    "invalid_choice": _("Please check this answer."),
    "max_digits": _("Please check this answer."),
    "null_characters_not_allowed": _("Please check this answer."),
}
TOO_FAST_MESSAGE = _("Please check your answers and press the button again.")


def typed_answers(form, data):
    """What the visitor typed, as initial values for `form`: every choice of a
    multiple-choice answer, the single value of any other."""
    data = cleaned_data_copy(data)
    answers = {}
    for name, field in form.fields.items():
        if name not in data:
            continue
        if isinstance(field, django.forms.MultipleChoiceField):
            answers[name] = data.getlist(name)
        else:
            answers[name] = data.get(name)
    return answers


def first_input_id(field):
    """Where an error link should lead: the field, or the first of its choices."""
    if isinstance(field.field.widget, django.forms.RadioSelect | django.forms.CheckboxSelectMultiple):
        return f"{field.auto_id}_0"
    return field.auto_id


class PublicFormMixin:
    """A honeypot field hidden from people (only robots fill it in), and the
    ARIA attributes that tie each field to its hint and its error."""

    def add_honeypot(self):
        self.fields[HONEYPOT_FIELD] = django.forms.CharField(
            required=False,
            max_length=200,
            label="",
            widget=django.forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )

    @property
    def is_spam(self):
        return bool(self.cleaned_data.get(HONEYPOT_FIELD))

    @property
    def visitor_fields(self):
        """The fields people see, in order, without the robot traps."""
        return [field for field in self if field.name != HONEYPOT_FIELD]

    def annotate_fields(self):
        for field in self.visitor_fields:
            described_by = []
            if field.help_text:
                described_by.append(f"{field.auto_id}-hint")
            if self.is_bound and field.errors:
                described_by.append(f"{field.auto_id}-error")
                field.field.widget.attrs["aria-invalid"] = "true"
            if described_by:
                field.field.widget.attrs["aria-describedby"] = " ".join(described_by)


class ConnectForm(PublicFormMixin, BaseForm):
    """The Connect page's form: staff's fields, the honeypot, and the time
    the form was shown, signed so that it cannot be forged."""

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(cleaned_data_copy(data), *args, **kwargs)
        for field in self.fields.values():
            field.error_messages.update(ERROR_MESSAGES)
        self.add_honeypot()
        # A fresh time whenever the form is shown again, including with errors.
        self.data_started = signing.dumps(time.time(), salt=STARTED_SALT)

    def clean(self):
        cleaned_data = super().clean()
        if not self.filled_by_a_person():
            raise django.forms.ValidationError(TOO_FAST_MESSAGE, code="too_fast")
        return cleaned_data

    def filled_by_a_person(self):
        """Robots post within a second of loading the form; people take longer.
        A missing or forged time counts as too fast, and the form is shown
        again with what was typed, so a person never loses their message."""
        value = self.data.get(STARTED_FIELD, "")
        if not value or len(value) > 200:
            return False
        try:
            started = float(signing.loads(value, salt=STARTED_SALT))
        except (signing.BadSignature, TypeError, ValueError):
            return False
        return time.time() - started >= settings.CONNECT_MIN_FILL_SECONDS

    @property
    def submission_data(self):
        """What is stored and emailed: the visitor's answers, without the traps."""
        return {name: value for name, value in self.cleaned_data.items() if name != HONEYPOT_FIELD}

    @cached_property
    def error_list(self):
        """Every error with the field it belongs to, for the summary at the top."""
        errors = []
        for field in self.visitor_fields:
            for message in field.errors:
                errors.append({"id": first_input_id(field), "label": field.label, "message": message})
        for message in self.non_field_errors():
            errors.append({"id": "", "label": "", "message": message})
        return errors


class ConnectFormBuilder(FormBuilder):
    """Wagtail's form builder with a maximum length on every text field and
    the "how can we help?" choice first."""

    def __init__(self, fields, topic_label="", topic_help_text="", topic_choices=(), programs=()):
        super().__init__(fields)
        self.topic_label = topic_label
        self.topic_help_text = topic_help_text
        self.topic_choices = list(topic_choices)
        self.programs = [title for _id, title, _key in programs]

    def create_singleline_field(self, field, options):
        options["max_length"] = MAX_LENGTHS["singleline"]
        return django.forms.CharField(**options)

    def create_multiline_field(self, field, options):
        options["max_length"] = MAX_LENGTHS["multiline"]
        options.setdefault("widget", django.forms.Textarea(attrs={"rows": 6}))
        return django.forms.CharField(**options)

    def create_email_field(self, field, options):
        options["max_length"] = MAX_LENGTHS["email"]
        return django.forms.EmailField(**options)

    def create_url_field(self, field, options):
        options["max_length"] = MAX_LENGTHS["url"]
        return super().create_url_field(field, options)

    def create_number_field(self, field, options):
        return django.forms.DecimalField(max_digits=20, decimal_places=6, **options)

    def create_hidden_field(self, field, options):
        options["max_length"] = MAX_LENGTHS["hidden"]
        return super().create_hidden_field(field, options)

    @property
    def formfields(self):
        fields = {}
        if self.topic_choices:
            fields[TOPIC_FIELD] = django.forms.ChoiceField(
                label=self.topic_label,
                help_text=self.topic_help_text,
                choices=[(choice, choice) for choice in self.topic_choices],
                widget=django.forms.RadioSelect,
                required=True,
            )
        if self.programs:
            fields[PROGRAM_FIELD] = django.forms.ChoiceField(
                label=_("Which program is it about?"),
                choices=[("", _("None in particular"))] + [(title, title) for title in self.programs],
                required=False,
            )
        fields.update(super().formfields)
        return fields

    def get_form_class(self):
        return type("ConnectPageForm", (ConnectForm,), self.formfields)
