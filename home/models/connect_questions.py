"""The questions on the Connect form, which staff define and translate."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.forms.models import FORM_FIELD_CHOICES, AbstractFormField
from wagtail.models import TranslatableMixin
from wagtail_localize.fields import SynchronizedField


class ConnectFormField(TranslatableMixin, AbstractFormField):
    """A question on the Connect form, defined by staff, and translated with
    its page: label, hint, choices and default answer side by side with the
    English in the translation editor."""

    # The name answers are stored under stays the English one in every
    # language, so a Spanish message fills the same columns as an English one.
    override_translatable_fields = [SynchronizedField("clean_name", overridable=False)]

    page = ParentalKey("home.ConnectPage", on_delete=models.CASCADE, related_name="form_fields")
    label = models.CharField(
        max_length=255,
        verbose_name=_("Question"),
        help_text=_("The question, e.g. How should we reach you? Its answers are stored under this name."),
    )
    field_type = models.CharField(
        max_length=16,
        choices=FORM_FIELD_CHOICES,
        verbose_name=_("Kind of answer"),
        help_text=_("What kind of answer: a line of text, a longer message, a choice, and so on."),
    )
    field_type.required_on_save = True
    required = models.BooleanField(
        default=True,
        verbose_name=_("Required"),
        help_text=_("Ask only what is needed: people may leave questions that are not required empty."),
    )
    choices = models.TextField(
        blank=True,
        verbose_name=_("Choices"),
        help_text=_("For choices only: one per line (or separated by commas)."),
    )
    default_value = models.TextField(
        blank=True,
        verbose_name=_("Answer filled in in advance"),
        help_text=_("An answer filled in in advance. Usually left empty."),
    )
    help_text = models.CharField(
        max_length=255,
        blank=True,
        verbose_name=_("Hint"),
        help_text=_("A hint shown under the question. Hidden when empty."),
    )

    panels = [
        FieldPanel("label"),
        FieldPanel("help_text"),
        FieldPanel("required"),
        FieldPanel("field_type", classname="formbuilder-type", required_on_save=True),
        FieldPanel("choices", classname="formbuilder-choices"),
        FieldPanel("default_value", classname="formbuilder-default"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")


__all__ = ["ConnectFormField"]
