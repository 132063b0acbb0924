"""The footer's newsletter sign-up: stored with consent, confirmed by the
owner of the address through an emailed link, duplicates quiet, hostile input
harmless, unconfirmed sign-ups expiring, exported only by Form managers and
only once confirmed."""

import csv
import io
import re
import time
from datetime import timedelta
from email import message_from_bytes, policy
from importlib import import_module

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import Client
from django.utils import timezone
from wagtail.models import Site

from home.models import OrganizationSettings, SiteWideContent
from home.newsletter.models import NewsletterSignup
from tests.admin_helpers import signed_in_client
from tests.queries import HOME_QUERY_BUDGET, visit
from tests.test_email_delivery import mail_server  # noqa: F401 - the real SMTP server, used by name below
from wpa_site.outbox.models import OutgoingEmail

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limits")]
SIGNUP = "/newsletter/"
THANKS = "/newsletter/thanks/"
LISTING = "/admin/snippets/home/newslettersignup/"
CONFIRM_LINK = re.compile(r"https?://[^/\s]+(/newsletter/confirm/[^/\s]+/)")
EMAIL_ON_ITS_WAY = "An email is on its way to you. Please follow the link in it to confirm your subscription"


def without_tokens(response):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def sign_up(client, **data):
    values = {"email": "reader@example.org", "first_name": "Ana", "website": ""}
    values.update(data)
    return client.post(SIGNUP, values)


def emails_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def confirmation_path(address="reader@example.org"):
    """The address of the link in the latest email to `address`, on this site."""
    return CONFIRM_LINK.search(emails_to(address)[-1].body).group(1)


def exported(client):
    response = client.get(LISTING + "?export=csv")
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def days_ago(days):
    return time.time() - days * 24 * 60 * 60


def test_footer_on_every_page_has_the_sign_up_form_with_words_staff_wrote(seeded, client):
    content = SiteWideContent.objects.get(locale__language_code="en")
    content.newsletter_heading = "Stay in touch"
    content.newsletter_consent_text = "You agree to get our letters."
    content.save()
    for path in ["/", "/connect/", "/in-the-news/"]:
        html = client.get(path).content.decode()
        footer = html.split('<footer class="site-footer">', 1)[1]
        assert f'action="{SIGNUP}"' in footer
        assert (
            "Stay in touch" in footer and "You agree to get our letters." in footer and ">Sign up</button>" in footer
        )
        assert 'name="csrfmiddlewaretoken"' not in footer


def test_the_footer_form_adds_no_query_to_the_home_page(seeded, client):
    response, queries = visit(client, "/", warm=True)
    assert 'action="/newsletter/"' in response.content.decode()
    assert not any("home_newslettersignup" in sql for sql in queries)
    assert len(queries) <= HOME_QUERY_BUDGET


def test_sign_up_is_stored_unconfirmed_with_the_consent_text_shown_and_a_time(seeded, client):
    response = sign_up(client, email="Reader@Example.org ")
    assert response.status_code == 303
    assert response["Location"] == THANKS
    signup = NewsletterSignup.objects.get()
    assert signup.email == "reader@example.org"
    assert signup.first_name == "Ana"
    assert signup.consent_text == SiteWideContent.objects.get(locale__language_code="en").newsletter_consent_text
    assert signup.created_at is not None
    assert signup.confirmed_at is None
    thanks = client.get(THANKS).content.decode()
    assert "Thank you for signing up for our newsletter." in thanks
    assert EMAIL_ON_ITS_WAY in thanks


def test_an_address_is_subscribed_only_once_its_owner_presses_the_button_in_the_emailed_link(seeded):
    strict = Client(enforce_csrf_checks=True)
    home = strict.get("/")
    assert b"csrfmiddlewaretoken" not in home.content
    assert not home.cookies
    assert sign_up(strict).status_code == 303
    signup = NewsletterSignup.objects.get(email="reader@example.org")
    assert signup.confirmed_at is None

    (queued,) = OutgoingEmail.objects.about(signup)
    assert queued.to == ["reader@example.org"] and queued.status == "sent"
    assert [message.to for message in mail.outbox] == [["reader@example.org"]]
    (message,) = mail.outbox
    assert message.subject == "Please confirm your newsletter subscription"
    assert "Hello Ana," in message.body
    organization = OrganizationSettings.for_site(Site.objects.get(is_default_site=True)).organization_name
    assert f"Someone, probably you, asked for the {organization} newsletter at this email address." in message.body
    assert "If it was not you, ignore this email and nothing will happen" in message.body
    assert "The link works for 7 days." in message.body
    link = CONFIRM_LINK.search(message.body)
    assert link.group(0).startswith("http://localhost/newsletter/confirm/"), "absolute, on the site's address"

    # Opening the link, as a person or a mail scanner would, confirms nothing.
    for opened in (strict.get(link.group(1)), strict.head(link.group(1))):
        assert opened.status_code == 200
        assert not opened.cookies
        assert "no-store" in opened["Cache-Control"] and "private" in opened["Cache-Control"]
    page = strict.get(link.group(1)).content.decode()
    assert '<form method="post"' in page and ">Confirm my subscription</button>" in page
    assert "csrfmiddlewaretoken" not in page
    signup.refresh_from_db()
    assert signup.confirmed_at is None

    confirmed = strict.post(link.group(1))
    assert confirmed.status_code == 200
    assert "You are subscribed" in confirmed.content.decode()
    assert not confirmed.cookies and "no-store" in confirmed["Cache-Control"]
    signup.refresh_from_db()
    assert signup.created_at <= signup.confirmed_at <= timezone.now()
    assert signup.consent_text == SiteWideContent.objects.get(locale__language_code="en").newsletter_consent_text
    first_confirmation = signup.confirmed_at

    assert "You are subscribed" in strict.post(link.group(1)).content.decode()
    signup.refresh_from_db()
    assert signup.confirmed_at == first_confirmation, "confirming again keeps the first time"


def test_a_sign_up_and_its_email_are_stored_together_or_not_at_all(seeded, client, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("the queue broke")

    monkeypatch.setattr("wpa_site.outbox.delivery.schedule", fail)
    with pytest.raises(RuntimeError):
        sign_up(client)
    assert NewsletterSignup.objects.count() == 0
    assert OutgoingEmail.objects.count() == 0


def test_a_tampered_or_expired_link_gets_a_friendly_page_and_confirms_nothing(seeded, client):
    sign_up(client)
    signup = NewsletterSignup.objects.get()
    good = confirmation_path()
    token = good.split("/")[-2]
    tampered = good.replace(token, token[:-1] + ("A" if token[-1] != "A" else "B"))
    expired = f"/newsletter/confirm/{signup.confirmation_token(signed_at=days_ago(8))}/"
    assert client.get(f"/newsletter/confirm/{signup.confirmation_token(signed_at=days_ago(6))}/").status_code == 200

    for path, status in [(tampered, 400), (expired, 410), ("/newsletter/confirm/not-a-token/", 400)]:
        for response in (client.get(path), client.post(path)):
            assert response.status_code == status, path
            html = response.content.decode()
            assert "This link is no longer valid" in html
            assert f'href="{SIGNUP}">Sign up again</a>' in html
            assert 'class="quick-exit"' in html and '<footer class="site-footer">' in html
            assert "Confirm my subscription" not in html
            assert not response.cookies and "no-store" in response["Cache-Control"]
    signup.refresh_from_db()
    assert signup.confirmed_at is None


def test_a_link_for_a_sign_up_since_deleted_confirms_nothing(seeded, client):
    sign_up(client)
    path = confirmation_path()
    NewsletterSignup.objects.all().delete()
    assert client.post(path).status_code == 410
    assert NewsletterSignup.objects.count() == 0


def test_signing_up_twice_gives_the_same_answer_and_one_row(seeded, client):
    first = sign_up(client)
    second = sign_up(client, email="READER@example.org", first_name="Someone else")
    assert first.status_code == second.status_code == 303
    assert first["Location"] == second["Location"]
    assert without_tokens(client.get(first["Location"])) == without_tokens(client.get(second["Location"]))
    assert NewsletterSignup.objects.count() == 1
    assert NewsletterSignup.objects.get().first_name == "Ana"


def test_signing_up_again_sends_a_new_link_until_confirmed_then_nothing(seeded, client):
    sign_up(client)
    signup = NewsletterSignup.objects.get()
    NewsletterSignup.objects.update(created_at=timezone.now() - timedelta(days=2))
    signup.refresh_from_db()

    content = SiteWideContent.objects.get(locale__language_code="en")
    content.newsletter_consent_text = "New words."
    content.save()
    sign_up(client)
    assert len(emails_to("reader@example.org")) == 1, "at most one link in ten minutes"
    OutgoingEmail.objects.update(created_at=timezone.now() - timedelta(minutes=11))
    thanks_before = without_tokens(client.get(sign_up(client, first_name="Someone else")["Location"]))
    assert len(emails_to("reader@example.org")) == 2
    assert "Hello Ana," in emails_to("reader@example.org")[-1].body
    kept = NewsletterSignup.objects.get()
    assert (kept.created_at, kept.consent_text, kept.first_name) == (signup.created_at, signup.consent_text, "Ana")

    client.post(confirmation_path())
    thanks_after = without_tokens(client.get(sign_up(client)["Location"]))
    assert len(emails_to("reader@example.org")) == 2, "a subscriber is sent nothing"
    assert thanks_after == thanks_before, "the page never tells whether an address is listed"
    assert NewsletterSignup.objects.count() == 1


def test_purge_deletes_only_sign_ups_left_unconfirmed_too_long(seeded, client):
    for address in ("old@example.org", "recent@example.org", "subscriber@example.org"):
        sign_up(client, email=address)
    client.post(confirmation_path("subscriber@example.org"))
    NewsletterSignup.objects.exclude(email="recent@example.org").update(created_at=timezone.now() - timedelta(days=8))
    NewsletterSignup.objects.filter(email="recent@example.org").update(created_at=timezone.now() - timedelta(days=6))

    out = io.StringIO()
    call_command("purge_expired_submissions", "--dry-run", stdout=out)
    assert "Would delete 1 unconfirmed newsletter sign-up(s)." in out.getvalue()
    assert NewsletterSignup.objects.count() == 3

    old = NewsletterSignup.objects.get(email="old@example.org")
    out = io.StringIO()
    call_command("purge_expired_submissions", stdout=out)
    assert "Deleted 1 unconfirmed newsletter sign-up(s)." in out.getvalue()
    assert set(NewsletterSignup.objects.values_list("email", flat=True)) == {
        "recent@example.org",
        "subscriber@example.org",
    }
    assert not OutgoingEmail.objects.about(old).exists(), "its email, which held the address, went too"


def test_sign_ups_from_before_confirmation_emails_stay_subscribed():
    migration = import_module("home.migrations.0015_newsletter_signup_confirmation")
    # The models as that migration knew them: the sign-ups were home's then.
    state = MigrationLoader(connection).project_state(("home", "0015_newsletter_signup_confirmation"))
    earlier = NewsletterSignup.objects.create(email="earlier@example.org", consent_text="Yes.")
    migration.keep_earlier_sign_ups_subscribed(state.apps, None)
    earlier.refresh_from_db()
    assert earlier.confirmed_at == earlier.created_at


def test_a_hostile_first_name_arrives_in_the_email_as_typed(seeded, client, request):
    server = request.getfixturevalue("mail_server")
    server.accepting = True
    sign_up(client, first_name="%s {0} <b>")
    (received,) = server.received
    body = message_from_bytes(received.encode(), policy=policy.default).get_body(("plain",)).get_content()
    assert "Hello %s {0} <b>," in body
    assert CONFIRM_LINK.search(body)


def test_invalid_email_shows_the_form_again_with_errors_and_values(seeded, client):
    response = sign_up(client, email="not-an-address", first_name="<b>Ana</b>")
    html = response.content.decode()
    assert response.status_code == 200
    summary = re.search(r'<div class="error-summary".*?</div>', html, flags=re.S).group(0)
    assert 'href="#newsletter-email"' in summary and "Please check this answer." in summary
    assert 'value="not-an-address"' in html
    assert "&lt;b&gt;Ana&lt;/b&gt;" in html and "<b>Ana</b>" not in html
    assert NewsletterSignup.objects.count() == 0
    assert mail.outbox == []


def test_hostile_values_never_break_the_sign_up(seeded, client):
    assert sign_up(client, email="a" * 1_000_000).status_code == 200
    assert sign_up(client, first_name="b" * 1_000_000).status_code == 200
    assert NewsletterSignup.objects.count() == 0
    body = "email=ok%00@example.org&first_name=A%ED%A0%80n%01a"
    response = client.post(SIGNUP, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 303
    signup = NewsletterSignup.objects.get()
    assert signup.email == "ok@example.org"
    assert "\x00" not in signup.first_name and "\x01" not in signup.first_name


def test_honeypot_looks_fine_and_stores_and_sends_nothing(seeded, client):
    assert sign_up(client, website="http://spam.example").status_code == 303
    assert NewsletterSignup.objects.count() == 0
    assert mail.outbox == []


def test_sign_ups_share_the_rate_limit_and_get_a_friendly_429(seeded, client):
    for number in range(5):
        assert sign_up(client, email=f"reader{number}@example.org").status_code == 303
    response = sign_up(client, email="sixth@example.org")
    assert response.status_code == 429
    assert "Please wait a moment" in response.content.decode()
    assert NewsletterSignup.objects.count() == 5
    assert len(mail.outbox) == 5


def test_form_managers_export_confirmed_subscribers_as_csv_and_editors_cannot(seeded, client):
    sign_up(client, email="reader@example.org", first_name="=cmd|' /C calc'!A0")
    managers = signed_in_client("manager", "Form managers")
    assert exported(managers)[1:] == [], "not a subscriber before confirming"

    client.post(confirmation_path("reader@example.org"))
    sign_up(client, email="waiting@example.org")
    response = managers.get(LISTING + "?export=csv")
    assert "newsletter-signups" in response["Content-Disposition"]
    rows = exported(managers)
    assert rows[0] == ["Email", "First name", "Language", "Consent text", "Signed up", "Confirmed"]
    assert [row[0] for row in rows[1:]] == ["reader@example.org"]
    assert rows[1][1] == "'=cmd|' /C calc'!A0"
    assert rows[1][2] == "English"
    confirmed_at = NewsletterSignup.objects.get(email="reader@example.org").confirmed_at
    assert rows[1][5] == str(confirmed_at)

    editors = signed_in_client("editor", "Editors")
    for path in (LISTING, LISTING + "?export=csv"):
        response = editors.get(path)
        assert response.status_code in (302, 403)
        assert b"reader@example.org" not in response.content


def test_staff_see_every_sign_up_with_whether_it_was_confirmed_and_can_filter(seeded, client):
    sign_up(client, email="reader@example.org")
    client.post(confirmation_path("reader@example.org"))
    sign_up(client, email="waiting@example.org")
    managers = signed_in_client("manager", "Form managers")

    def rows(query=""):
        listing = managers.get(LISTING + query).content.decode()
        return {
            address: row
            for row in re.findall(r"<tr[^>]*>.*?</tr>", listing, flags=re.S)
            for address in ("reader@example.org", "waiting@example.org")
            if address in row
        }

    everyone = rows()
    assert set(everyone) == {"reader@example.org", "waiting@example.org"}
    assert "Waiting for confirmation" in everyone["waiting@example.org"]
    assert "Waiting for confirmation" not in everyone["reader@example.org"]
    headings = re.search(r"<thead>.*?</thead>", managers.get(LISTING).content.decode(), flags=re.S).group(0)
    assert re.search(r">\s*Confirmed\s*<", headings)
    assert set(rows("?confirmation=confirmed")) == {"reader@example.org"}
    assert set(rows("?confirmation=waiting")) == {"waiting@example.org"}
