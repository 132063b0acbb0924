"""The authenticator app and backup codes of one staff member: checking a code,
setting an app up, and resetting both."""

import base64
import io
from importlib import import_module

import qrcode
import qrcode.image.svg
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import SESSION_KEY, user_login_failed
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

DATABASE_SESSION_ENGINES = {"django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db"}
BACKUP_CODE_COUNT = 10
APP_NAME = "Authenticator app"
BACKUP_CODES_NAME = "Backup codes"


def has_device(user):
    """Whether the user has finished setting up an app (backup codes come with one)."""
    return user_has_device(user, confirmed=True)


def normalized(code):
    return "".join((code or "").split()).lower()


def verify_code(user, code):
    """The confirmed device that accepts the code, or None. A backup code is
    used up by accepting it; each device's own throttling applies too."""
    code = normalized(code)
    if not code:
        return None
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if device.verify_token(code):
                return device
    return None


def record_failure(request, username):
    """Count a wrong code like a wrong password: axes listens to this signal,
    and locks the username and address out at the same limit."""
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)


def is_locked_out(request, username):
    return AxesProxyHandler.is_locked(request, credentials={"username": username})


def pending_app(user):
    """The app being set up: kept until confirmed, so reloading the page shows
    the same QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_NAME, confirmed=False)
    return device


def secret_for_typing(device):
    """The key as authenticator apps accept it when typed in."""
    return base64.b32encode(device.bin_key).decode()


def qr_code_svg(device):
    """The app's setup address as an inline SVG, drawn here: the secret never
    leaves the site."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    out = io.BytesIO()
    image.save(out)
    svg = out.getvalue().decode()
    return svg[svg.index("<svg") :]


def confirm_app(device):
    """The app counts from now on; returns a fresh set of backup codes, which
    are shown once and stored only as single-use tokens."""
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        StaticDevice.objects.filter(user=device.user).delete()
        backup = StaticDevice.objects.create(user=device.user, name=BACKUP_CODES_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=backup, token=code) for code in codes)
    return codes


def end_sessions(user):
    """Sign the user out everywhere. Sessions live in the database; there are
    few staff, and this runs only on a reset."""
    if settings.SESSION_ENGINE not in DATABASE_SESSION_ENGINES:
        return
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    user_id = str(user.pk)
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get(SESSION_KEY) == user_id:
            store.delete(session.session_key)


def reset(user):
    """Forget the user's app and backup codes and end their sessions: they
    sign in with their password again and set up a new app."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
    end_sessions(user)
