"""The newsletter's addresses, included in each language's patterns by wpa_site/urls.py."""

from django.urls import path

from home.newsletter.views import newsletter_confirm, newsletter_signup, newsletter_thanks

urlpatterns = [
    path("newsletter/", newsletter_signup, name="newsletter_signup"),
    path("newsletter/thanks/", newsletter_thanks, name="newsletter_thanks"),
    path("newsletter/confirm/<str:token>/", newsletter_confirm, name="newsletter_confirm"),
]
