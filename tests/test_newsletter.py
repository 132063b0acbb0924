"""The footer's newsletter sign-up: stored with consent, duplicates quiet,
hostile input harmless, exported only by Form managers."""

import csv
import io
import re

import pytest
from django.test import Client

from home.models import NewsletterSignup, SiteWideContent
from tests.admin_helpers import signed_in_client
from tests.queries import HOME_QUERY_BUDGET, visit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limits")]
SIGNUP = "/newsletter/"
THANKS = "/newsletter/thanks/"


def without_tokens(response):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def sign_up(client, **data):
    values = {"email": "reader@example.org", "first_name": "Ana", "website": ""}
    values.update(data)
    return client.post(SIGNUP, values)


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
        assert 'name="csrfmiddlewaretoken"' in footer


def test_the_footer_form_adds_no_query_to_the_home_page(seeded, client):
    response, queries = visit(client, "/", warm=True)
    assert 'action="/newsletter/"' in response.content.decode()
    assert not any("home_newslettersignup" in sql for sql in queries)
    assert len(queries) <= HOME_QUERY_BUDGET


def test_sign_up_is_stored_with_the_consent_text_shown_and_a_time(seeded, client):
    response = sign_up(client, email="Reader@Example.org ")
    assert response.status_code == 303
    assert response["Location"] == THANKS
    signup = NewsletterSignup.objects.get()
    assert signup.email == "reader@example.org"
    assert signup.first_name == "Ana"
    assert signup.consent_text == SiteWideContent.objects.get(locale__language_code="en").newsletter_consent_text
    assert signup.created_at is not None
    thanks = client.get(THANKS).content.decode()
    assert "Thank you for signing up for our newsletter." in thanks


def test_consent_text_is_kept_as_it_was_when_they_signed_up(seeded, client):
    sign_up(client)
    content = SiteWideContent.objects.get(locale__language_code="en")
    content.newsletter_consent_text = "New words."
    content.save()
    assert NewsletterSignup.objects.get().consent_text != "New words."


def test_signing_up_twice_gives_the_same_answer_and_one_row(seeded, client):
    first = sign_up(client)
    second = sign_up(client, email="READER@example.org", first_name="Someone else")
    assert first.status_code == second.status_code == 303
    assert first["Location"] == second["Location"]
    assert without_tokens(client.get(first["Location"])) == without_tokens(client.get(second["Location"]))
    assert NewsletterSignup.objects.count() == 1
    assert NewsletterSignup.objects.get().first_name == "Ana"


def test_invalid_email_shows_the_form_again_with_errors_and_values(seeded, client):
    response = sign_up(client, email="not-an-address", first_name="<b>Ana</b>")
    html = response.content.decode()
    assert response.status_code == 200
    summary = re.search(r'<div class="error-summary".*?</div>', html, flags=re.S).group(0)
    assert 'href="#newsletter-email"' in summary and "Please check this answer." in summary
    assert 'value="not-an-address"' in html
    assert "&lt;b&gt;Ana&lt;/b&gt;" in html and "<b>Ana</b>" not in html
    assert NewsletterSignup.objects.count() == 0


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


def test_honeypot_looks_fine_and_stores_nothing(seeded, client):
    assert sign_up(client, website="http://spam.example").status_code == 303
    assert NewsletterSignup.objects.count() == 0


def test_the_footer_form_signs_up_with_no_token_and_no_cookie(seeded):
    strict = Client(enforce_csrf_checks=True)
    home = strict.get("/")
    assert b"csrfmiddlewaretoken" not in home.content
    assert not home.cookies
    assert sign_up(strict).status_code == 303
    assert NewsletterSignup.objects.filter(email="reader@example.org").exists()


def test_sign_ups_share_the_rate_limit_and_get_a_friendly_429(seeded, client):
    for number in range(5):
        assert sign_up(client, email=f"reader{number}@example.org").status_code == 303
    response = sign_up(client, email="sixth@example.org")
    assert response.status_code == 429
    assert "Please wait a moment" in response.content.decode()
    assert NewsletterSignup.objects.count() == 5


def test_form_managers_export_sign_ups_as_csv_and_editors_cannot(seeded, client):
    sign_up(client, email="reader@example.org", first_name="=cmd|' /C calc'!A0")
    listing = "/admin/snippets/home/newslettersignup/"

    managers = signed_in_client("manager", "Form managers")
    response = managers.get(listing + "?export=csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:4] == ["Email", "First name", "Language", "Consent text"]
    assert rows[1][0] == "reader@example.org"
    assert rows[1][1] == "'=cmd|' /C calc'!A0"
    assert rows[1][2] == "English"
    assert "newsletter-signups" in response["Content-Disposition"]
    assert "reader@example.org" in managers.get(listing).content.decode()

    editors = signed_in_client("editor", "Editors")
    for path in (listing, listing + "?export=csv"):
        response = editors.get(path)
        assert response.status_code in (302, 403)
        assert b"reader@example.org" not in response.content
