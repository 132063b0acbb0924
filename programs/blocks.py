from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from home.blocks import BodyStreamBlock

# Answers and steps are short: a few sentences, a list, a link.
SHORT_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120, label=_("Step"), help_text=_("What to do, e.g. Call or write to us."))
    text = blocks.RichTextBlock(
        required=False,
        features=SHORT_TEXT_FEATURES,
        label=_("Details"),
        help_text=_("What this step involves and what to bring. Hidden when empty."),
    )

    class Meta:
        icon = "order"
        label = _("Step")


class StepsBlock(blocks.StructBlock):
    """Numbered steps: how someone starts getting this help."""

    heading = blocks.CharBlock(
        required=False,
        max_length=120,
        label=_("Heading"),
        help_text=_("Leave empty to use “How to get this help”."),
    )
    steps = blocks.ListBlock(StepBlock(), min_num=1, label=_("Steps"))

    class Meta:
        icon = "list-ol"
        label = _("How to get this help")
        template = "blocks/steps_block.html"


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(
        max_length=200, label=_("Question"), help_text=_("As people would ask it, e.g. Is it free?")
    )
    answer = blocks.RichTextBlock(
        features=SHORT_TEXT_FEATURES,
        label=_("Answer"),
        help_text=_("Shown when someone opens the question. A few sentences, a list or a link."),
    )

    class Meta:
        icon = "help"
        label = _("Question")


class QuestionsBlock(blocks.StructBlock):
    """Questions and answers; each answer opens under its question."""

    heading = blocks.CharBlock(
        required=False,
        max_length=120,
        label=_("Heading"),
        help_text=_("Leave empty to use “Questions and answers”."),
    )
    questions = blocks.ListBlock(QuestionBlock(), min_num=1, label=_("Questions"))

    class Meta:
        icon = "help"
        label = _("Questions and answers")
        template = "blocks/questions_block.html"


class ProgramStreamBlock(BodyStreamBlock):
    """A program page's body: everything a general page offers, and the steps
    to get the help and the questions people ask about it."""

    steps = StepsBlock()
    questions = QuestionsBlock()
