"""What still stands between this site and its visitors: one list, shown to
administrators on the dashboard ("Ready for visitors") and, for what a
deployment must set, by `manage.py check --deploy` (home/checks.py).

Each item says what to set and where, and links to the admin screen that
sets it when there is one. Nothing here writes."""

import datetime
from dataclasses import dataclass
from email.utils import parseaddr
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db import DatabaseBackend
from wagtail.models import Site

from home.models.connect import ConnectPage, language_name
from home.models.settings import OrganizationSettings
from wpa_site.backups.backups import ARCHIVE_PREFIX, archive_time
from wpa_site.outbox.delivery import send_queued_email
from wpa_site.outbox.models import WorkerHeartbeat

# Backups run daily; one is missed when the newest is older than this.
BACKUP_MAX_AGE = datetime.timedelta(hours=36)
# The sweep queues a heartbeat job every 5 minutes: a worker silent for this long is not running.
WORKER_MAX_SILENCE = datetime.timedelta(minutes=30)
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]", "0.0.0.0"}  # noqa: S104 - names compared, nothing bound


@dataclass
class Unmet:
    """One thing not set yet: what is missing, what to do, and where."""

    key: str
    problem: str
    fix: str
    url: str = ""
    link_label: str = ""


def is_local_host(hostname):
    hostname = (hostname or "").strip().lower().rstrip(".")
    return not hostname or hostname in LOCAL_HOSTS or hostname.endswith(".localhost")


def admin_url(name, *args):
    return reverse(name, args=args)


# What check --deploy also reports


def connect_recipients():
    """Every Connect page (each language) and every answer of it whose
    messages would reach nobody: no address of its own and none on the page."""
    items = []
    pages = ConnectPage.objects.select_related("locale").order_by("locale__language_code", "pk")
    for page in pages:
        language = language_name(page.locale.language_code)
        edit = admin_url("wagtailadmin_pages:edit", page.pk)
        if page.to_address.strip():
            continue
        routes = [route.value for route in page.routes]
        synced = ""
        if page.locale.language_code != settings.LANGUAGE_CODE:
            synced = " " + _(
                "A translation takes the English page’s addresses when that page is synced: on it, "
                "⋯ → Sync translated pages."
            )
        if not routes:
            items.append(
                Unmet(
                    "connect-page",
                    _("Messages sent from the Connect page (%(language)s) reach nobody by email.")
                    % {"language": language},
                    _(
                        "Set “To address” in the page’s Email section: Pages → %(title)s → Edit, "
                        "or add answers with an email address each under “How can we help?”."
                    )
                    % {"title": page.title}
                    + synced,
                    edit,
                    _("Edit the Connect page"),
                )
            )
            continue
        missing = [route["label"] for route in routes if not (route.get("email") or "").strip()]
        if missing:
            items.append(
                Unmet(
                    "connect-answers",
                    _(
                        "On the Connect page (%(language)s), messages with these answers reach nobody by "
                        "email: %(answers)s."
                    )
                    % {"language": language, "answers": ", ".join(f"“{label}”" for label in missing)},
                    _(
                        "Give each of these answers an email address under “How can we help?”, or set “To "
                        "address” in the page’s Email section for all of them: Pages → %(title)s → Edit."
                    )
                    % {"title": page.title}
                    + synced,
                    edit,
                    _("Edit the Connect page"),
                )
            )
    return items


def sender_address():
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    if is_local_host(address.rpartition("@")[2]):
        return [
            Unmet(
                "sender",
                _("Emails are sent from %(address)s, which mail servers refuse or mark as spam.")
                % {"address": settings.DEFAULT_FROM_EMAIL},
                _(
                    "Set the environment variable DEFAULT_FROM_EMAIL to an address of WPA’s own domain "
                    "(for example website@wpaonline.org) and restart the site and the email worker."
                ),
            )
        ]
    return []


def site_address(site=None):
    site = site or Site.objects.filter(is_default_site=True).first()
    if site is None or is_local_host(site.hostname):
        return [
            Unmet(
                "site-address",
                _(
                    "The site’s address is still “%(hostname)s”: links in emails, the sitemap and sharing "
                    "point nowhere."
                )
                % {"hostname": site.hostname if site else "localhost"},
                _("Set the real host name (for example www.wpaonline.org, port 443) under Settings → Sites."),
                admin_url("wagtailsites:edit", site.pk) if site else admin_url("wagtailsites:index"),
                _("Edit the site"),
            )
        ]
    return []


# What only the dashboard reports


def organization_details(site):
    found = OrganizationSettings.objects.filter(site=site).first() if site else None
    names = {
        "contact_email": _("email address"),
        "contact_phone": _("phone number"),
        "address": _("postal address"),
    }
    missing = [label for field, label in names.items() if not (getattr(found, field, "") or "").strip()]
    url = admin_url("wagtailsettings:edit", "home", "organizationsettings", site.pk) if site else ""
    items = []
    if missing:
        items.append(
            Unmet(
                "contact",
                _("The footer shows no %(details)s for people to reach WPA.") % {"details": ", ".join(missing)},
                _("Fill them in under Settings → Organization and contact, Contact."),
                url,
                _("Edit the contact details"),
            )
        )
    if not (getattr(found, "donate_url", "") or "").strip():
        items.append(
            Unmet(
                "donate",
                _("There is no Donate button: no Donate address is set."),
                _("Set “Donate address” under Settings → Organization and contact."),
                url,
                _("Set the Donate address"),
            )
        )
    return items


def staff_without_two_factor():
    confirmed = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    staff = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(
                groups__permissions__codename="access_admin",
                groups__permissions__content_type__app_label="wagtailadmin",
            )
            | Q(user_permissions__codename="access_admin")
        )
    )
    count = staff.filter(~Exists(confirmed)).values("pk").distinct().count()
    if not count:
        return []
    return [
        Unmet(
            "two-factor",
            ngettext(
                "%(count)s staff account has no authenticator app set up for two-factor sign-in.",
                "%(count)s staff accounts have no authenticator app set up for two-factor sign-in.",
                count,
            )
            % {"count": count},
            _("Each of them is asked to set one up at their next sign-in; until then their account is at risk."),
            admin_url("wagtailusers_users:index"),
            _("See the staff accounts"),
        )
    ]


def last_backup_age(now):
    directory = Path(settings.BACKUP_DIR)
    times = [archive_time(path) for path in directory.glob(f"{ARCHIVE_PREFIX}*")] if directory.is_dir() else []
    times = [time for time in times if time]
    if times and now - max(times) <= BACKUP_MAX_AGE:
        return []
    if times:
        days = (now - max(times)).days
        problem = ngettext("The last backup is %(days)s day old.", "The last backup is %(days)s days old.", days) % {
            "days": days
        }
    else:
        problem = _("There is no backup in %(folder)s.") % {"folder": directory}
    return [
        Unmet(
            "backup",
            problem,
            _("Run “make backup” (manage.py backup_site) every day, e.g. from a systemd timer (docs/operating.md)."),
        )
    ]


def email_worker(now):
    if not isinstance(send_queued_email.get_backend(), DatabaseBackend):
        return []  # emails are sent as they are queued: there is no worker to run
    last = WorkerHeartbeat.last_run("email")
    if last and now - last <= WORKER_MAX_SILENCE:
        return []
    if last:
        problem = _("The email worker last ran %(time)s: messages may be waiting to be emailed.") % {
            "time": timezone.localtime(last).strftime("%Y-%m-%d %H:%M")
        }
    else:
        problem = _("The email worker has never run: messages are stored but not emailed.")
    return [
        Unmet(
            "worker",
            problem,
            _(
                "Run “manage.py db_worker --queue-name email --backend email” as a service, and "
                "“manage.py requeue_stranded_emails” every 5 minutes (docs/operating.md)."
            ),
        )
    ]


def deploy_checks():
    """What `check --deploy` reports: what a deployment must set before visitors come."""
    return connect_recipients() + sender_address() + site_address()


def unmet(now=None):
    """Everything the dashboard lists, in the order it lists it."""
    now = now or timezone.now()
    site = Site.objects.filter(is_default_site=True).first()
    return (
        connect_recipients()
        + organization_details(site)
        + site_address(site)
        + sender_address()
        + staff_without_two_factor()
        + last_backup_age(now)
        + email_worker(now)
    )
