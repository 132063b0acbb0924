"""People who asked for the newsletter."""

from django.conf import settings
from django.db import models


class NewsletterSignup(models.Model):
    """Someone who asked for the newsletter, with the words they agreed to."""

    page_cache_ignore = True

    email = models.EmailField(unique=True, help_text="The address the newsletter is sent to, in lower case.")
    first_name = models.CharField(max_length=100, blank=True, help_text="How to greet them. Optional.")
    language = models.CharField(
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text="The language of the page they signed up from: the newsletter to send them.",
    )
    consent_text = models.TextField(help_text="The consent text shown on the sign-up form when they signed up.")
    created_at = models.DateTimeField(auto_now_add=True, help_text="When they signed up.")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "newsletter sign-up"

    def __str__(self):
        return self.email
