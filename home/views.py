"""The footer's newsletter sign-up and its thank-you page."""

from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from home.models import NewsletterSignup, SiteWideContent
from home.public_forms import NewsletterForm
from wpa_site.client import is_rate_limited, too_many_requests


def consent_text_shown(request):
    content = SiteWideContent.for_request(request)
    return content.newsletter_consent_text if content else ""


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
            return too_many_requests(request)
        form = NewsletterForm(request.POST)
        if form.is_valid():
            if not form.is_spam:
                try:
                    with transaction.atomic():
                        NewsletterSignup.objects.get_or_create(
                            email=form.cleaned_data["email"],
                            defaults={
                                "first_name": form.cleaned_data["first_name"],
                                "language": translation.get_language(),
                                "consent_text": consent_text_shown(request),
                            },
                        )
                except IntegrityError:
                    pass  # The same address was signed up at the same moment.
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
