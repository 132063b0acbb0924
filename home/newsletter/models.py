"""People who asked for the newsletter, and the link that confirms it was them."""

import time
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core import signing
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from wpa_site.outbox.models import OutgoingEmail

CONFIRMATION_SALT = "home.newsletter.confirm-signup"


class ConfirmationSigner(signing.TimestampSigner):
    """Django's timestamped signer with the newsletter's own salt. `signed_at`
    (seconds since the epoch) signs as of another time than now."""

    def __init__(self, signed_at=None):
        super().__init__(salt=CONFIRMATION_SALT)
        self.signed_at = signed_at

    def timestamp(self):
        return signing.b62_encode(int(time.time() if self.signed_at is None else self.signed_at))


def confirmation_lifetime():
    return timedelta(days=settings.NEWSLETTER_CONFIRMATION_DAYS)


class NewsletterSignupQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed(self):
        return self.filter(confirmed_at__isnull=True)

    def expired(self):
        """Never confirmed, and older than a confirmation link lasts."""
        return self.unconfirmed().filter(created_at__lt=timezone.now() - confirmation_lifetime())

    def for_confirmation_token(self, token):
        """The sign-up a confirmation token was made for, or None when it has
        gone. Raises signing.SignatureExpired for a token older than its
        lifetime and signing.BadSignature for anything that is not a token."""
        payload = ConfirmationSigner().unsign_object(token, max_age=confirmation_lifetime())
        try:
            pk, digest = payload
        except (TypeError, ValueError) as error:
            raise signing.BadSignature("Not a confirmation token.") from error
        signup = self.filter(pk=pk).first() if isinstance(pk, int) else None
        if signup is None or digest != signup.address_digest():
            return None
        return signup


class NewsletterSignup(models.Model):
    """Someone who asked for the newsletter, with the words they agreed to.
    They are a subscriber once they have followed the link emailed to them."""

    page_cache_ignore = True

    email = models.EmailField(
        unique=True,
        verbose_name=_("Email address"),
        help_text=_("The address the newsletter is sent to, in lower case."),
    )
    first_name = models.CharField(
        max_length=100, blank=True, verbose_name=_("First name"), help_text=_("How to greet them. Optional.")
    )
    language = models.CharField(
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        verbose_name=_("Language"),
        help_text=_("The language of the page they signed up from: the newsletter to send them."),
    )
    consent_text = models.TextField(
        verbose_name=_("Consent text they saw"),
        help_text=_("The consent text shown on the sign-up form when they signed up."),
    )
    created_at = models.DateTimeField(
        auto_now_add=True, verbose_name=_("Signed up"), help_text=_("When they signed up.")
    )
    confirmed_at = models.DateTimeField(
        null=True,
        blank=True,
        verbose_name=_("Confirmed"),
        help_text=_(
            "When they followed the link in the confirmation email; empty until then. Only confirmed "
            "sign-ups get the newsletter."
        ),
    )
    # The confirmation emails, deleted with the sign-up.
    emails = GenericRelation(OutgoingEmail, content_type_field="about_type", object_id_field="about_id")

    objects = NewsletterSignupQuerySet.as_manager()

    class Meta:
        # The table the model had when it was part of the home app (newsletter.0001).
        db_table = "home_newslettersignup"
        ordering = ["-created_at"]
        verbose_name = _("newsletter sign-up")

    def __str__(self):
        return self.email

    def address_digest(self):
        """Ties a token to this address, so that it confirms no other sign-up
        that might one day have the same id; keyed, so that it gives the
        address away to no one who sees the link."""
        return salted_hmac(CONFIRMATION_SALT, self.email).hexdigest()[:16]

    def confirmation_token(self, signed_at=None):
        return ConfirmationSigner(signed_at).sign_object([self.pk, self.address_digest()])

    def confirm(self):
        """Record the first confirmation; following the link again changes nothing."""
        if self.confirmed_at is None:
            now = timezone.now()
            NewsletterSignup.objects.filter(pk=self.pk, confirmed_at__isnull=True).update(confirmed_at=now)
            self.refresh_from_db(fields=["confirmed_at"])
