"""The second step for a session that has only passed the first, setting up an
app, and an administrator's reset of someone else's."""

import django_otp
from axes.helpers import get_lockout_response
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from wpa_site.two_factor import devices
from wpa_site.two_factor.forms import CodeForm


def next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("wagtailadmin_home")


def with_next(name, request):
    return f"{reverse(name)}?{urlencode({'next': next_url(request)})}"


def passed(request):
    """The session has passed the second step: a new session key, as at sign-in."""
    request.session.cycle_key()
    return redirect(next_url(request))


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request):
    """A code for a session that has the password only (signed in before the
    code was asked for on the login page, or without one in development)."""
    user = request.user
    if user.is_verified():
        return redirect(next_url(request))
    if not devices.has_device(user):
        return redirect(with_next("two_factor_setup", request))
    username = user.get_username()
    form = CodeForm(request.POST or None)
    error = None
    if request.method == "POST":
        if devices.is_locked_out(request, username):
            logout(request)
            return get_lockout_response(request, None, {"username": username})
        if form.is_valid():
            device = devices.verify_code(user, form.cleaned_data["otp_token"])
            if device is not None:
                django_otp.login(request, device)
                return passed(request)
        devices.record_failure(request, username)
        if getattr(request, "axes_locked_out", False):
            logout(request)
        form = CodeForm()
        error = _("That code didn't match. Please try again.")
    context = {"form": form, "error": error, "next": next_url(request)}
    return TemplateResponse(request, "two_factor/verify.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def setup(request):
    """Scan the QR code, type the first code the app shows: only then does the
    app count, and the backup codes are shown, once."""
    user = request.user
    if devices.has_device(user):
        # Adding an app takes one that already counts; an administrator's reset starts again.
        return redirect(with_next("two_factor_verify", request))
    device = devices.pending_app(user)
    form = CodeForm(request.POST or None)
    error = None
    if request.method == "POST":
        if form.is_valid() and device.verify_token(devices.normalized(form.cleaned_data["otp_token"])):
            codes = devices.confirm_app(device)
            django_otp.login(request, device)
            request.session.cycle_key()
            response = TemplateResponse(
                request, "two_factor/backup_codes.html", {"codes": codes, "next": next_url(request)}
            )
            response["Cache-Control"] = "no-store"
            return response
        form = CodeForm()
        error = _("That code didn't match. Check the time on your phone and try the newest code.")
    context = {
        "form": form,
        "error": error,
        "next": next_url(request),
        "qr_code": devices.qr_code_svg(device),
        "secret": devices.secret_for_typing(device),
    }
    response = TemplateResponse(request, "two_factor/setup.html", context)
    response["Cache-Control"] = "no-store"
    return response


def can_reset(request_user, user):
    if request_user.is_superuser:
        return True
    return request_user.has_perm("auth.change_user") and not user.is_superuser


@require_http_methods(["GET", "POST"])
def reset(request, user_id):
    """Forget someone's app and backup codes, e.g. after a lost phone: they set
    up a new app at their next sign-in."""
    user = get_object_or_404(get_user_model(), pk=user_id)
    if not can_reset(request.user, user):
        raise PermissionDenied
    if request.method == "POST":
        devices.reset(user)
        messages.success(
            request, _("Two-factor sign-in of %(name)s was reset.") % {"name": user.get_full_name() or user}
        )
        if user == request.user:
            return redirect("wagtailadmin_login")
        return redirect("wagtailusers_users:index")
    context = {"target_user": user, "has_device": devices.has_device(user)}
    return TemplateResponse(request, "two_factor/reset.html", context)
