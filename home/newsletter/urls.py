"""The newsletter's addresses, included in each language's patterns by
wpa_site/urls.py, in each language's words: /newsletter/, /es/boletin/."""

from django.urls import path
from django.utils.translation import pgettext_lazy

from home.newsletter.views import newsletter_confirm, newsletter_signup, newsletter_thanks
from wpa_site.views import moved_to

urlpatterns = [
    path(pgettext_lazy("web address", "newsletter/"), newsletter_signup, name="newsletter_signup"),
    path(pgettext_lazy("web address", "newsletter/thanks/"), newsletter_thanks, name="newsletter_thanks"),
    path(
        pgettext_lazy("web address", "newsletter/confirm/<str:token>/"), newsletter_confirm, name="newsletter_confirm"
    ),
    # The Spanish addresses before they were in Spanish, confirmation links
    # in emails already sent among them: in English they are matched above.
    path("newsletter/", moved_to("newsletter_signup")),
    path("newsletter/thanks/", moved_to("newsletter_thanks")),
    path("newsletter/confirm/<str:token>/", moved_to("newsletter_confirm")),
]
