"""A staff session that has passed only the password step reaches no admin
page, chooser or API: pages send it to the second step (or to setting up an
app), anything else is refused with 403."""

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from wpa_site import two_factor
from wpa_site.paths import admin_prefix
from wpa_site.two_factor import devices

# The steps of signing in and out, and what the login page itself loads.
OPEN_VIEWS = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm",
    "wagtailadmin_password_reset_complete",
    "two_factor_verify",
    "two_factor_setup",
}


def wants_page(request):
    """A person opening an admin page, rather than the admin's own scripts
    (choosers, autosave, the API) or a form being sent."""
    if request.method not in {"GET", "HEAD"}:
        return False
    if request.headers.get("x-requested-with") == "XMLHttpRequest":
        return False
    if request.path_info.startswith(f"{admin_prefix()}api/"):
        return False
    return "json" not in request.headers.get("accept", "")


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not two_factor.required() or not request.path_info.startswith(admin_prefix()):
            return None
        if request.resolver_match.url_name in OPEN_VIEWS:
            return None
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if not wants_page(request):
            return JsonResponse({"error": _("Finish signing in with your authentication code first.")}, status=403)
        step = "two_factor_verify" if devices.has_device(user) else "two_factor_setup"
        return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
