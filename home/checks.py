"""`manage.py check --deploy`: a deployment whose help requests would reach
nobody, whose emails come from a localhost address, or whose site still has
the seed's address says so, and what to set where (home/readiness.py)."""

from django.core.checks import Tags, Warning, register
from django.db import DatabaseError
from django.utils import translation

from home import readiness

CHECK_IDS = {
    "connect-page": "home.W001",
    "connect-answers": "home.W002",
    "site-address": "home.W003",
    "sender": "home.W004",
}


def warnings_for(items):
    return [Warning(str(item.problem), hint=str(item.fix), id=CHECK_IDS[item.key]) for item in items]


def from_database(compute):
    """A check that reads the database says nothing while there is none to
    read (not reachable, or not migrated yet): `migrate` and the site's own
    start-up report that."""
    try:
        with translation.override("en"):
            return warnings_for(compute())
    except DatabaseError:
        return []


@register(Tags.models, deploy=True)
def connect_recipients_check(app_configs=None, **kwargs):
    return from_database(readiness.connect_recipients)


@register(Tags.sites, deploy=True)
def site_address_check(app_configs=None, **kwargs):
    return from_database(readiness.site_address)


@register(Tags.security, deploy=True)
def sender_address_check(app_configs=None, **kwargs):
    with translation.override("en"):
        return warnings_for(readiness.sender_address())
