"""The two-factor screens in the admin, and the reset button on the users list."""

from django.urls import reverse
from django.utils.translation import gettext
from wagtail import hooks
from wagtail.admin.widgets import Button

from wpa_site.two_factor import urls as two_factor_urls
from wpa_site.two_factor.views import can_reset as can_reset_two_factor


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return two_factor_urls.urlpatterns


@hooks.register("register_user_listing_buttons")
def two_factor_reset_button(user, request_user):
    """Reset someone's two-factor sign-in, from the row's "More" menu."""
    if can_reset_two_factor(request_user, user):
        yield Button(
            gettext("Reset two-factor sign-in"),
            url=reverse("two_factor_reset", args=[user.pk]),
            icon_name="key",
            priority=50,
        )
