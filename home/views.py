"""The newsletter: the footer's sign-up, its thank-you page, and the link
emailed to each new address, which makes it a subscriber once followed."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods
from wagtail.models import Site

from home.models import NewsletterSignup, OrganizationSettings, SiteWideContent
from home.public_forms import NewsletterForm
from wpa_site.client import is_rate_limited, too_many_requests
from wpa_site.outbox.delivery import queue_email
from wpa_site.outbox.models import OutgoingEmail

TOO_MANY_REQUESTS_TEMPLATE = "home/too_many_requests.html"


def consent_text_shown(request):
    content = SiteWideContent.for_request(request)
    return content.newsletter_consent_text if content else ""


def site_root_url(request):
    """The site's address as staff set it (Settings → Sites), as canonical links use it."""
    site = Site.find_for_request(request)
    return site.root_url if site else request.build_absolute_uri("/").rstrip("/")


def confirmation_url(request, signup):
    with translation.override(signup.language):
        path = reverse("newsletter_confirm", args=[signup.confirmation_token()])
    return site_root_url(request) + path


def confirmation_email(request, signup):
    """The subject and plain-text body, in the sign-up's language. What the
    visitor typed is only ever a value put into the words, never the words."""
    organization = OrganizationSettings.for_request(request).organization_name
    days = settings.NEWSLETTER_CONFIRMATION_DAYS
    with translation.override(signup.language):
        name = signup.first_name
        greeting = gettext("Hello %(name)s,") % {"name": name} if name else gettext("Hello,")
        if organization:
            asked = gettext(
                "Someone, probably you, asked for the %(organization)s newsletter at this email address."
            ) % {"organization": organization}
        else:
            asked = gettext("Someone, probably you, asked for our newsletter at this email address.")
        paragraphs = [
            greeting,
            asked,
            gettext("To confirm that you want it, follow this link:") + "\n" + confirmation_url(request, signup),
            gettext("If it was not you, ignore this email and nothing will happen: you will not get the newsletter."),
            ngettext("The link works for %(days)d day.", "The link works for %(days)d days.", days) % {"days": days},
        ]
        subject = gettext("Please confirm your newsletter subscription")
    return subject, "\n\n".join(paragraphs)


def send_confirmation(request, signup):
    subject, body = confirmation_email(request, signup)
    queue_email(subject=subject, body=body, to=[signup.email], about=signup)


# However often an unconfirmed address is signed up, from however many
# connections, it is sent at most one link in this time.
RESEND_AFTER = timedelta(minutes=10)


def emailed_lately(signup):
    return OutgoingEmail.objects.about(signup).filter(created_at__gt=timezone.now() - RESEND_AFTER).exists()


def sign_up(request, data):
    """A new address is stored and emailed its confirmation link in one
    transaction; one still unconfirmed is emailed a fresh link and keeps what
    it first agreed to; a subscriber is sent nothing."""
    try:
        with transaction.atomic():
            signup, _ = NewsletterSignup.objects.get_or_create(
                email=data["email"],
                defaults={
                    "first_name": data["first_name"],
                    "language": translation.get_language(),
                    "consent_text": consent_text_shown(request),
                },
            )
            if signup.confirmed_at is None and not emailed_lately(signup):
                send_confirmation(request, signup)
    except IntegrityError:
        pass  # The same address was signed up at the same moment, and emailed then.


# No CSRF token: the form is on every public page, and a token would make
# each of them one visitor's, so no shared cache could keep it. An anonymous
# sign-up has no session to forge; the honeypot, the rate limit and the
# confirmation email protect it instead.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def newsletter_signup(request):
    """The footer's sign-up form posts here; it answers with a redirect to
    the same thank-you page whether or not the address was already listed."""
    if request.method == "POST":
        if is_rate_limited(request):
            return too_many_requests(request, TOO_MANY_REQUESTS_TEMPLATE)
        form = NewsletterForm(request.POST)
        if form.is_valid():
            if not form.is_spam:
                sign_up(request, form.cleaned_data)
            response = HttpResponseRedirect(reverse("newsletter_thanks"))
            response.status_code = 303
            return response
    else:
        form = NewsletterForm()
    form.annotate_fields()
    return TemplateResponse(request, "home/newsletter_signup.html", {"newsletter_form": form})


@never_cache
@require_GET
def newsletter_thanks(request):
    return TemplateResponse(request, "home/newsletter_thanks.html", {})


# No CSRF token either: the token in the address is the secret, and the page
# sets no cookie. Only the button's POST confirms, never opening the link:
# mail scanners open links to check them.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def newsletter_confirm(request, token):
    try:
        signup = NewsletterSignup.objects.for_confirmation_token(token)
        status = 410  # a sign-up that has since been deleted
    except signing.SignatureExpired:
        signup, status = None, 410
    except signing.BadSignature:
        signup, status = None, 400
    if signup is None:
        return TemplateResponse(request, "home/newsletter_link_invalid.html", {}, status=status)
    if request.method == "POST":
        signup.confirm()
        return TemplateResponse(request, "home/newsletter_confirmed.html", {})
    return TemplateResponse(request, "home/newsletter_confirm.html", {})
