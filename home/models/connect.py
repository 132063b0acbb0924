"""The Connect page: a form whose every message is kept, then emailed to the
people who handle its kind of request."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models, transaction
from django.db.models import Q
from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext, ngettext, pgettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import (
    AbstractEmailForm,
    FormSubmission,
    validate_to_address,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.fields import StreamField
from wagtail.models import Locale, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from home.blocks import ConnectRouteBlock
from home.models.connect_email import email_subject, message_link_lines, visitor_address
from home.models.connect_programs import asked_program, program_choices
from home.models.inbox import ConnectHandling
from home.models.settings import ConnectSettings
from home.public_forms import PROGRAM_FIELD, TOPIC_FIELD, ConnectFormBuilder, typed_answers
from programs.models import ProgramIndexPage
from wpa_site.cache.memory import cached_until_change
from wpa_site.client import is_rate_limited, too_many_requests
from wpa_site.outbox.delivery import queue_email
from wpa_site.outbox.models import OutgoingEmail
from wpa_site.page_translations import visitor_locale_id
from wpa_site.pages import BasePage
from wpa_site.search.stemming import STEMS_FIELD
from wpa_site.visibility import public_pages, restricted_paths

DELIVERY_FIELD = "email_delivery"
TOO_MANY_REQUESTS_TEMPLATE = "home/too_many_requests.html"
# Stored with each message. A leading underscore is something a question's
# stored name (its label, slugified) never has, so no question can clash with it.
LANGUAGE_FIELD = "_language"


def retention_note(days):
    """What is kept of a message, and for how long, from the real setting."""
    if not days:
        return gettext("Your answers are kept so that our staff can answer you, until they delete them.")
    return ngettext(
        "Your answers are kept for %(days)d day so that our staff can answer you, then deleted for good.",
        "Your answers are kept for %(days)d days so that our staff can answer you, then deleted for good.",
        days,
    ) % {"days": days}


def language_name(language_code):
    """A language as the settings name it, each in its own words (English, Español)."""
    return dict(settings.LANGUAGES).get(language_code, language_code)


def landing_step_in(language_code):
    """The last part of the thank-you page's address in a language: "sent", "enviado"."""
    with translation.override(language_code):
        return pgettext("web address of the page shown once a message is sent", "sent")


class ConnectSubmission(FormSubmission):
    """A message sent through the Connect page, with what became of its email."""

    emails = GenericRelation(OutgoingEmail, content_type_field="about_type", object_id_field="about_id")

    class Meta:
        proxy = True

    def get_data(self):
        return {**super().get_data(), LANGUAGE_FIELD: self.language, DELIVERY_FIELD: self.delivery}

    @property
    def language(self):
        """The language of the page it was sent from; messages from before
        the site had two languages were all in English."""
        return language_name(self.form_data.get(LANGUAGE_FIELD) or settings.LANGUAGE_CODE)

    @property
    def delivery(self):
        """Where the message's email is, in words for the admin listing and the export."""
        emails = sorted(self.emails.all(), key=lambda email: email.pk)
        if not emails:
            return gettext("Not emailed: no address is set for this answer")
        email = emails[-1]
        if email.sent_at:
            return gettext("Sent %(time)s") % {"time": date_format(localtime(email.sent_at), "DATETIME_FORMAT")}
        if not email.attempts:
            return gettext("Waiting to be sent")
        return ngettext(
            "Not sent yet: %(count)d try, last error: %(error)s",
            "Not sent yet: %(count)d tries, last error: %(error)s",
            email.attempts,
        ) % {"count": email.attempts, "error": email.last_error}


class ConnectPage(BasePage, RoutablePageMixin, AbstractEmailForm):
    """The contact form: each message is kept in the admin, then emailed to
    the people who handle its kind of request."""

    summary_field = "introduction"

    class Meta:
        verbose_name = _("Connect form page")
        verbose_name_plural = _("Connect form pages")

    introduction = models.TextField(
        blank=True, verbose_name=_("Introduction"), help_text=_("A few words above the form. Hidden when empty.")
    )
    emergency_line = models.CharField(
        _("Emergency line"),
        max_length=160,
        blank=True,
        help_text=_("Shown first, in a box, for someone in danger. Leave empty for “In danger now? Call 911.”"),
    )
    what_happens_next = models.TextField(
        _("What happens next"),
        blank=True,
        help_text=_(
            "Who reads a message and when they answer, shown beside the form. Leave empty for a general "
            "sentence saying that WPA's staff read every message."
        ),
    )
    topic_label = models.CharField(
        max_length=120,
        default="How can we help?",
        verbose_name=_("First question"),
        help_text=_("The first question, answered by choosing one of the routes below. Always required."),
    )
    topic_help_text = models.CharField(
        max_length=255,
        blank=True,
        verbose_name=_("Hint for the first question"),
        help_text=_("A hint under that question. Hidden when empty."),
    )
    routes = StreamField(
        [("route", ConnectRouteBlock(label=_("Answer")))],
        blank=True,
        verbose_name=_("Answers to the first question"),
        help_text=_(
            "The answers visitors choose from, in order, each with the email address its messages go to. "
            "The question is hidden while there are none."
        ),
    )
    privacy_note = models.TextField(
        blank=True,
        verbose_name=_("Privacy note"),
        help_text=_("What happens to the message and who reads it, shown above the button. Hidden when empty."),
    )
    submit_label = models.CharField(
        max_length=40, default="Send", verbose_name=_("Button words"), help_text=_("The words on the form's button.")
    )
    thank_you_heading = models.CharField(
        max_length=120,
        default="Thank you",
        verbose_name=_("Thank-you heading"),
        help_text=_("Heading of the page shown once a message is sent."),
    )
    thank_you_text = models.TextField(
        blank=True,
        verbose_name=_("Thank-you text"),
        help_text=_("Text of the page shown once a message is sent, e.g. when to expect an answer."),
    )
    donate_text = models.TextField(
        blank=True,
        verbose_name=_("Donate invitation"),
        help_text=_(
            "A sentence next to the Donate button on this page. The button appears when the Donate address "
            "(Settings → Organization and contact) and the Donate button words (Site-wide content) are set."
        ),
    )

    to_address = models.CharField(
        max_length=255,
        blank=True,
        validators=[validate_to_address],
        verbose_name=_("Send messages to"),
        help_text=_(
            "Who receives messages whose answer has no email address of its own. "
            "Separate several addresses with commas. Every message is also kept under Forms. "
            "A translation keeps these unless it is given its own in the translation editor."
        ),
    )
    from_address = models.EmailField(
        max_length=255,
        blank=True,
        verbose_name=_("Send emails from"),
        help_text=_("Who those emails come from. Leave empty for the site's default."),
    )
    subject = models.CharField(
        max_length=255,
        blank=True,
        verbose_name=_("Email subject"),
        help_text=_("The emails' subject. Leave empty to use the page title."),
    )

    # Addresses, not words: the translation keeps the English unless staff
    # give it an address of its own (as with each answer's address).
    override_translatable_fields = [SynchronizedField("to_address")]

    # One per home page, so one per language: max_count would count the
    # translations too and, with a Spanish one, forbid an English one.
    max_count_per_parent = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = []

    content_panels = AbstractEmailForm.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("emergency_line"),
        FieldPanel("what_happens_next"),
        MultiFieldPanel(
            [FieldPanel("topic_label"), FieldPanel("topic_help_text"), FieldPanel("routes")],
            heading=_("How can we help?"),
        ),
        InlinePanel("form_fields", heading=_("Other questions"), label=_("Question")),
        FieldPanel("privacy_note"),
        FieldPanel("submit_label"),
        MultiFieldPanel([FieldPanel("thank_you_heading"), FieldPanel("thank_you_text")], heading=_("After sending")),
        FieldPanel("donate_text"),
        MultiFieldPanel(
            [FieldPanel("to_address"), FieldPanel("from_address"), FieldPanel("subject")], heading=_("Email")
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("introduction"), STEMS_FIELD]

    def get_form_fields(self):
        return self.form_fields.all()

    @classmethod
    def url_for_visitors(cls, request):
        """Where Get help leads: the live Connect page in the address's
        language, else the default language's; "" when there is none.
        Remembered until the next change."""
        locale_id = visitor_locale_id(request)
        if locale_id is None:
            return ""

        def load():
            default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
            found = cls.objects.live().filter(Q(locale_id=locale_id) | Q(locale__language_code=default))
            found = found.order_by("path")
            pages = public_pages(found.only("id", "path", "url_path", "locale_id"), restricted_paths(request))
            pages.sort(key=lambda page: page.locale_id != locale_id)
            return pages[0].get_url(request) if pages else ""

        return cached_until_change(f"connect-url:{locale_id}", load, request)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        days = ConnectSettings.for_request(request).submission_retention_days
        context["retention_note"] = retention_note(days)
        return context

    def render_landing_page(self, request, form_submission=None, *args, **kwargs):
        """The thank-you page, with the next steps: browsing safely, the programs, home."""
        response = super().render_landing_page(request, form_submission, *args, **kwargs)
        programs = ProgramIndexPage.objects.live().filter(locale_id=self.locale_id).order_by("path")
        public = public_pages(programs[:1], restricted_paths(request))
        response.context_data["programs_page"] = public[0] if public else None
        return response

    def get_submissions_list_view_class(self):
        # Admin views cannot be imported while models load, so, like Wagtail, import here.
        from home.exports import SafeSubmissionsListView  # noqa: PLC0415

        return SafeSubmissionsListView

    def get_topic_choices(self):
        return [route.value["label"] for route in self.routes]

    def get_form_class(self, programs=()):
        builder = ConnectFormBuilder(
            self.get_form_fields(),
            topic_label=self.topic_label,
            topic_help_text=self.topic_help_text,
            topic_choices=self.get_topic_choices(),
            programs=programs,
        )
        return builder.get_form_class()

    def get_form(self, *args, **kwargs):
        """The form, with the program question when the visitor came from a
        program's "Ask about this program" button (or is sending a form that
        had it)."""
        request = kwargs.pop("request", None)
        programs, initial = [], {}
        if request is not None and request.method == "POST" and PROGRAM_FIELD in request.POST:
            programs = program_choices(self, request)
        elif request is not None and request.method == "GET" and asked_program(request):
            # A program that is not (or no longer) there: the form as usual.
            choices = program_choices(self, request)
            if chosen := asked_program(request, choices):
                programs, initial = choices, {PROGRAM_FIELD: chosen}
        form_class = self.get_form_class(programs=programs)
        form_params = self.get_form_parameters()
        form_params.update(kwargs)
        form = form_class(*args, **form_params)
        form.initial.update(initial)
        return form

    def get_submission_class(self):
        return ConnectSubmission

    def get_data_fields(self):
        data_fields = super().get_data_fields()
        return (
            data_fields[:1]
            + [(LANGUAGE_FIELD, gettext("Language")), (TOPIC_FIELD, self.topic_label)]
            + [(PROGRAM_FIELD, gettext("Program"))]
            + data_fields[1:]
            + [(DELIVERY_FIELD, gettext("Email delivery"))]
        )

    def recipients_for(self, topic):
        for route in self.routes:
            if route.value["label"] == topic and route.value["email"]:
                return [route.value["email"]]
        return [address.strip() for address in self.to_address.split(",") if address.strip()]

    def inbox_page(self):
        """Where messages sent from this page are kept: the page in the site's
        default language, so that staff read every message, whatever its
        language, in one list."""
        default = Locale.get_default()
        if self.locale_id == default.pk:
            return self
        return self.get_translation_or_none(default) or self

    def process_form_submission(self, form):
        """Keep the message with its language, and queue its email in the same
        transaction: the worker sends it and tries again while the mail server
        refuses it."""
        form_data = {**form.submission_data, LANGUAGE_FIELD: self.locale.language_code}
        with transaction.atomic():
            submission = self.get_submission_class().objects.create(form_data=form_data, page=self.inbox_page())
            ConnectHandling.objects.create(submission=submission)
            recipients = self.recipients_for(form.cleaned_data.get(TOPIC_FIELD))
            if recipients:
                self.send_mail(form, recipients, about=submission)
        return submission

    def send_mail(self, form, recipients=None, about=None):
        queue_email(
            subject=email_subject(self.inbox_page(), about),
            body=self.render_email(form) + message_link_lines(about),
            to=recipients or self.recipients_for(None),
            from_email=self.from_address,
            reply_to=visitor_address(form),
            about=about,
        )

    def render_email(self, form):
        # Staff read the email in the site's default language; the line about
        # the message's language tells them which one to answer in.
        with translation.override(settings.LANGUAGE_CODE):
            lines = [gettext("Language: %(language)s") % {"language": language_name(self.locale.language_code)}]
        for field in form.visitor_fields:
            value = form.cleaned_data.get(field.name)
            if isinstance(value, list):
                value = ", ".join(value)
            lines.append(f"{field.label}: {value if value not in (None, '') else '-'}")
        return "\n".join(lines)

    def landing_step(self):
        """The thank-you page's address, after the Connect page's, in the
        page's own language: /connect/sent/, /es/contacto/enviado/."""
        return landing_step_in(self.locale.language_code)

    def landing_url(self, request=None):
        return self.get_url(request) + self.reverse_subpage("sent", kwargs={"step": self.landing_step()})

    @staticmethod
    def landing_steps():
        """The thank-you page's address in every language of the site."""
        return {landing_step_in(code) for code, _name in settings.LANGUAGES}

    def no_store(self, response):
        """Nothing a visitor typed, or the fact they wrote, stays in caches or history."""
        add_never_cache_headers(response)
        return response

    def typed_again(self, request):
        """The page's context with the form shown again, unchecked, holding
        what the visitor typed."""
        form = self.get_form(page=self, user=request.user, request=request)
        form.initial = typed_answers(form, request.POST)
        form.annotate_fields()
        context = self.get_context(request)
        context["form"] = form
        return context

    def form_expired(self, request):
        """The form came back without a valid CSRF token (left open for
        hours, or the browser refused its cookie): nothing was stored. It is
        shown again with what was typed and a fresh token, to send again."""
        context = self.typed_again(request)
        return self.no_store(TemplateResponse(request, "home/form_expired.html", context, status=403))

    @path("")
    def form_view(self, request, *args, **kwargs):
        if request.method == "POST":
            if is_rate_limited(request):
                # Shown again unchecked, with what was typed, to send a minute later.
                return self.no_store(too_many_requests(request, TOO_MANY_REQUESTS_TEMPLATE, self.typed_again(request)))
            form = self.get_form(request.POST, page=self, user=request.user, request=request)
            if form.is_valid():
                if not form.is_spam:
                    self.process_form_submission(form)
                response = HttpResponseRedirect(self.landing_url(request))
                response.status_code = 303
                return response
        else:
            form = self.get_form(page=self, user=request.user, request=request)
        form.annotate_fields()
        context = self.get_context(request)
        context["form"] = form
        return self.no_store(TemplateResponse(request, self.get_template(request), context))

    @re_path(r"^(?P<step>[-\w]+)/$", name="sent")
    def landing_view(self, request, step, *args, **kwargs):
        if step == self.landing_step():
            return self.no_store(self.render_landing_page(request))
        if step in self.landing_steps():
            # The address in another language (or the old /es/contacto/sent/).
            return HttpResponsePermanentRedirect(self.landing_url(request))
        raise Http404

    def serve_preview(self, request, mode_name):
        if mode_name == "landing":
            return self.render_landing_page(request)
        return self.form_view(request)

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        context["form"] = self.get_form(page=self, user=request.user, request=request)
        return context
