"""The email that asks a new address to confirm its subscription, in the
sign-up's language."""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from wagtail.models import Site

from home.models import OrganizationSettings
from wpa_site.outbox.delivery import queue_email
from wpa_site.outbox.models import OutgoingEmail

# However often an unconfirmed address is signed up, from however many
# connections, it is sent at most one link in this time.
RESEND_AFTER = timedelta(minutes=10)


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


def emailed_lately(signup):
    return OutgoingEmail.objects.about(signup).filter(created_at__gt=timezone.now() - RESEND_AFTER).exists()
