"""The newsletter: the footer's sign-up, its thank-you page, and the link
emailed to each new address, which makes it a subscriber once followed."""

from django.core import signing
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from home.models import SiteWideContent
from home.newsletter.emails import emailed_lately, send_confirmation
from home.newsletter.forms import NewsletterForm
from home.newsletter.models import NewsletterSignup
from wpa_site.client import is_rate_limited, too_many_requests

TOO_MANY_REQUESTS_TEMPLATE = "home/too_many_requests.html"


def consent_text_shown(request):
    content = SiteWideContent.for_request(request)
    return content.newsletter_consent_text if content else ""


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
    return TemplateResponse(request, "newsletter/newsletter_signup.html", {"newsletter_form": form})


@never_cache
@require_GET
def newsletter_thanks(request):
    return TemplateResponse(request, "newsletter/newsletter_thanks.html", {})


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
        return TemplateResponse(request, "newsletter/newsletter_link_invalid.html", {}, status=status)
    if request.method == "POST":
        signup.confirm()
        return TemplateResponse(request, "newsletter/newsletter_confirmed.html", {})
    return TemplateResponse(request, "newsletter/newsletter_confirm.html", {})
