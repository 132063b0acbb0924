"""The Connect form under bad input, spam and abuse: clear answers, nothing lost, nothing stored."""

import csv
import io
import re

import pytest
from django.core import mail
from django.test import Client
from wagtail.contrib.forms.models import FormSubmission

from home.models import (
    ConnectFormField,
)
from home.public_forms import TOPIC_FIELD, clean_text
from tests.connect_helpers import answers, send, started, visible_error_summary

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limits")]


# Bad input


def test_a_megabyte_value_gets_a_clear_error_and_is_not_stored(connect, client):
    response = send(client, connect, your_message="a" * 1_000_000)
    assert response.status_code == 200
    assert "Please shorten this to 5000 characters or fewer." in response.content.decode()
    assert FormSubmission.objects.count() == 0
    response = send(client, connect, how_should_we_reach_you="b" * 1_000_000)
    assert "Please shorten this to 255 characters or fewer." in response.content.decode()
    assert FormSubmission.objects.count() == 0


def test_control_characters_and_broken_unicode_are_cleaned_never_a_server_error(connect, client):
    body = "&".join(
        [
            f"{TOPIC_FIELD}=Press",
            "how_should_we_reach_you=ana%00%01@example.org",
            "your_name=An%ED%A0%80a%1B",
            "your_message=line+one%0D%0Aline+two%00",
            "form_started=" + started(),
        ]
    )
    response = client.post(connect.url, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 303
    data = FormSubmission.objects.get().form_data
    assert data["how_should_we_reach_you"] == "ana@example.org"
    assert "\x00" not in data["your_message"] and "\x1b" not in data["your_name"]
    assert data["your_message"] == "line one\r\nline two"


def test_clean_text_drops_lone_surrogates_and_controls_but_keeps_line_breaks():
    assert clean_text("a\ud800b\x00c\x07\td\ne\u200b") == "abc\td\ne\u200b"


def test_oversized_request_bodies_are_refused_before_any_form(connect, client):
    body = "x=" + "a" * (6 * 1024 * 1024)
    response = client.post(connect.url, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert FormSubmission.objects.count() == 0


def test_script_is_stored_as_text_and_escaped_on_the_site_and_in_the_admin(connect, client, admin_client):
    script = '<script>alert("x")</script>'
    html = send(client, connect, how_should_we_reach_you="", your_name=script).content.decode()
    assert script not in html
    assert "&lt;script&gt;" in html

    send(client, connect, your_name=script)
    assert FormSubmission.objects.get().form_data["your_name"] == script
    listing = admin_client.get(f"/admin/forms/submissions/{connect.pk}/").content.decode()
    assert script not in listing
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in listing


def test_spreadsheet_formulas_are_neutralised_in_csv_and_xlsx_exports(connect, client, admin_client):
    from openpyxl import load_workbook

    formula = '=HYPERLINK("http://evil.example")'
    send(client, connect, your_name=formula, your_message="+1+1", your_pronouns="@SUM(1)")
    send(client, connect, your_name="-2", your_message="=1+1", your_pronouns="Plain")

    response = admin_client.get(f"/admin/forms/submissions/{connect.pk}/?export=csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    cells = [cell for row in rows[1:] for cell in row]
    assert '\'=HYPERLINK("http://evil.example")' in cells
    assert {"'+1+1", "'@SUM(1)", "'-2", "'=1+1", "Plain"} <= set(cells)
    assert not any(cell.startswith(("=", "+", "-", "@", "\t")) for cell in cells)

    response = admin_client.get(f"/admin/forms/submissions/{connect.pk}/?export=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [cell.value for row in sheet.iter_rows(min_row=2) for cell in row if isinstance(cell.value, str)]
    assert '\'=HYPERLINK("http://evil.example")' in values
    assert not any(value.startswith(("=", "+", "-", "@", "\t")) for value in values)


def test_every_formula_prefix_is_neutralised():
    from home.exports import neutralise_formula

    for value in ["=1", "+1", "-1", "@A1", "\tcmd", "\rcmd"]:
        assert neutralise_formula(value) == "'" + value
    assert neutralise_formula("Ana") == "Ana"
    assert neutralise_formula(5) == 5


def test_posts_without_a_csrf_token_are_refused(connect):
    strict = Client(enforce_csrf_checks=True)
    strict.get(connect.url)
    response = strict.post(connect.url, answers())
    assert response.status_code == 403
    assert FormSubmission.objects.count() == 0


# Spam and abuse


def test_a_filled_honeypot_looks_sent_but_stores_nothing(connect, client):
    response = send(client, connect, website="http://spam.example")
    assert response.status_code == 303
    assert FormSubmission.objects.count() == 0
    assert mail.outbox == []


def test_a_form_sent_within_seconds_is_shown_again_with_its_words(connect, client):
    response = send(client, connect, form_started=started(seconds_ago=0), your_message="Typed fast.")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Please check your answers and press the button again." in visible_error_summary(html)
    assert "Typed fast.</textarea>" in html
    assert FormSubmission.objects.count() == 0
    response = send(client, connect, form_started="forged", your_message="Typed fast.")
    assert FormSubmission.objects.count() == 0


def test_more_than_five_posts_a_minute_from_one_address_get_a_friendly_429(connect, client):
    for _ in range(5):
        assert send(client, connect).status_code == 303
    response = send(client, connect, your_message="Sixth message.")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Please wait a moment" in html
    assert "Sixth message.</textarea>" in html
    assert FormSubmission.objects.count() == 5
    other_visitor = client.post(connect.url, answers(), REMOTE_ADDR="10.0.0.9")
    assert other_visitor.status_code == 303


def test_a_rate_limited_message_keeps_every_choice_of_a_multiple_choice_answer(connect, client):
    ConnectFormField.objects.create(
        page=connect,
        label="Best times to reach you",
        clean_name="best_times_to_reach_you",
        field_type="checkboxes",
        choices="Morning\nAfternoon\nEvening",
        required=False,
    )
    for _ in range(5):
        assert send(client, connect).status_code == 303
    response = send(client, connect, best_times_to_reach_you=["Morning", "Evening"])
    assert response.status_code == 429
    html = response.content.decode()
    checked = re.findall(r'<input[^>]*name="best_times_to_reach_you"[^>]*>', html)
    assert [box for box in checked if "checked" in box and 'value="Morning"' in box]
    assert [box for box in checked if "checked" in box and 'value="Evening"' in box]
    assert not [box for box in checked if "checked" in box and 'value="Afternoon"' in box]


def test_the_form_and_its_answers_are_never_cached(connect, client, settings):
    settings.PAGE_CACHE_SECONDS = 3600
    first = client.get(connect.url)
    second = client.get(connect.url)
    assert "no-store" in first["Cache-Control"]
    assert second.get("X-Page-Cache") != "hit"
    assert "no-store" in send(client, connect, how_should_we_reach_you="")["Cache-Control"]
