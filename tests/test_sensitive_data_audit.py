"""Exports and deletions of what people sent are in Wagtail's audit log: who,
when, which form, how many rows."""

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import ModelLogEntry, PageLogEntry

from home.newsletter.models import NewsletterSignup
from tests.connect_helpers import send

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limits")]


def exported(response):
    return b"".join(response.streaming_content).decode()


def test_exporting_connect_messages_is_logged_with_who_which_form_and_how_many(connect, client, admin_client):
    for _ in range(3):
        send(client, connect)
    response = admin_client.get(reverse("wagtailforms:list_submissions", args=[connect.pk]), {"export": "xlsx"})
    assert response.status_code == 200
    entry = PageLogEntry.objects.get(action="wpa.export")
    assert entry.page_id == connect.pk
    assert entry.user.username == "admin"
    assert entry.data == {"what": "Connect", "rows": 3, "format": "xlsx"}
    assert entry.timestamp is not None
    history = admin_client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert "Exported" in history


def test_deleting_connect_messages_is_logged(connect, client, admin_client):
    for _ in range(2):
        send(client, connect)
    ids = list(FormSubmission.objects.values_list("pk", flat=True))
    url = reverse("wagtailforms:delete_submissions", args=[connect.pk])
    query = "&".join(f"selected-submissions={pk}" for pk in ids)
    response = admin_client.post(f"{url}?{query}")
    assert response.status_code == 302
    assert FormSubmission.objects.count() == 0
    entry = PageLogEntry.objects.get(action="wpa.delete_submissions")
    assert entry.page_id == connect.pk and entry.data["rows"] == 2 and entry.user.username == "admin"


def test_exporting_and_deleting_newsletter_sign_ups_is_logged(seeded, admin_client):
    NewsletterSignup.objects.create(email="a@example.org", consent_text="Yes.", confirmed_at=timezone.now())
    signup = NewsletterSignup.objects.create(email="b@example.org", consent_text="Yes.", confirmed_at=timezone.now())
    response = admin_client.get(reverse("wagtailsnippets_home_newslettersignup:list"), {"export": "csv"})
    assert "a@example.org" in exported(response)
    entry = ModelLogEntry.objects.get(action="wpa.export")
    assert entry.label == "Newsletter sign-ups"
    assert entry.data == {"what": "Newsletter sign-ups", "rows": 2, "format": "csv"}
    assert entry.user.username == "admin"

    admin_client.post(reverse("wagtailsnippets_home_newslettersignup:delete", args=[signup.pk]))
    assert not NewsletterSignup.objects.filter(pk=signup.pk).exists()
    deleted = ModelLogEntry.objects.get(action="wagtail.delete")
    assert deleted.label == "b@example.org" and deleted.user.username == "admin"
