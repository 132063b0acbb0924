"""The Connect form and the newsletter sign-up in Spanish: questions, hints,
errors, the thank-you and rate-limit pages in Spanish; every message and
sign-up kept with its language, which staff see in the listing, the
export and the email."""

import csv
import io
import re
from html import unescape

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import Locale
from wagtail_localize.models import TranslationSource

from home.models import ConnectFormField, HomePage, SiteWideContent
from home.models.connect import LANGUAGE_FIELD
from home.newsletter.models import NewsletterSignup
from home.public_forms import TOPIC_FIELD
from tests.admin_helpers import signed_in_client
from tests.connect_helpers import answers, visible_error_summary
from tests.translation_helpers import CONNECT_IN_SPANISH, translate

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limits")]

PRESS_DESK = "press-team@example.org"
PRENSA_DESK = "prensa@example.org"
GIVING_DESK = "giving@example.org"


def in_spanish(msgid):
    """An interface string as the Spanish catalog has it, checked to be translated."""
    with translation.override("es"):
        text = translation.gettext(msgid)
    assert text != msgid, f"{msgid!r} has no Spanish translation"
    return text


def spanish_url(name):
    with translation.override("es"):
        return reverse(name)


@pytest.fixture
def connect_pages(connect, spanish, django_capture_on_commit_callbacks):
    """The English Connect page with an address for Press and for donations,
    and its Spanish translation made in wagtail-localize, where Press has an
    address of its own and donations keep the English one."""
    addresses = {"Press": PRESS_DESK, "Donations and volunteering": GIVING_DESK}
    connect.routes = [
        ("route", {"label": route.value["label"], "email": addresses.get(route.value["label"], "")})
        for route in connect.routes
    ]
    connect.to_address = "office@example.org"
    connect.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        spanish_page = translate(connect, spanish, CONNECT_IN_SPANISH, overrides={PRESS_DESK: PRENSA_DESK})
    spanish_page.refresh_from_db()
    return connect, spanish_page


def spanish_answers(**overrides):
    return answers(**{TOPIC_FIELD: "Prensa", "your_message": "Necesito ayuda con la vivienda.", **overrides})


def test_the_spanish_connect_form_asks_the_translated_questions(connect_pages, client):
    _, spanish_page = connect_pages
    response = client.get(spanish_page.url)
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert '<html lang="es"' in html
    for text in ["¿Cómo podemos ayudarle?", "Prensa", "Donativos y voluntariado", "¿Cómo podemos contactarle?"]:
        assert text in html
    assert "Un correo electrónico o un número de teléfono." in html
    assert "Su mensaje" in html and in_spanish("(optional)") in html
    assert ">Enviar</button>" in html
    for english in ["How can we help?", "How should we reach you?", ">Press<", "Your message", ">Send<"]:
        assert english not in html
    assert f'action="{spanish_page.url}"' in html


def test_staff_translate_questions_answers_and_addresses_side_by_side_with_the_english(connect, admin_client):
    connect.routes = [("route", {"label": route.value["label"], "email": PRESS_DESK}) for route in connect.routes]
    connect.to_address = "office@example.org"
    connect.save_revision().publish()
    spanish = Locale.objects.get(language_code="es")
    # The seed translated the page: staff bring in the English changes ("Sync translated pages").
    source = TranslationSource.objects.get_for_instance(connect)
    response = admin_client.post(f"/admin/localize/update/{source.pk}/", {})
    assert response.status_code == 302
    editor_url = f"/admin/pages/{connect.get_translation(spanish).pk}/edit/"
    editor = unescape(admin_client.get(editor_url).content.decode())

    def segments(path_pattern):
        return re.findall(rf'"contentPath": "{path_pattern}", (?:"source"|"location")', editor)

    for question in ["How should we reach you?", "Your message"]:
        assert re.search(rf'"contentPath": "form_fields\.[^"]+\.label", "source": "{re.escape(question)}"', editor)
    assert segments(r'form_fields\.[^"]+\.help_text')
    assert segments(r'routes\.[^"]+\.label'), "the answers"
    assert segments(r'routes\.[^"]+\.email'), "each answer's address, which a translation may override"
    assert segments("to_address")
    assert not segments(r'form_fields\.[^"]+\.clean_name'), "answers are stored under the English name"


def test_questions_translated_in_the_model_keep_the_english_stored_name(connect_pages):
    connect, spanish_page = connect_pages
    english = {field.translation_key: field for field in connect.form_fields.all()}
    for question in ConnectFormField.objects.filter(page=spanish_page):
        assert question.locale == spanish_page.locale
        assert question.clean_name == english[question.translation_key].clean_name
    assert ConnectFormField.objects.get(page=spanish_page, clean_name="your_message").label == "Su mensaje"


def test_an_invalid_spanish_message_shows_spanish_errors_and_keeps_what_was_typed(connect_pages, client):
    _, spanish_page = connect_pages
    response = client.post(
        spanish_page.url, spanish_answers(how_should_we_reach_you="", your_message="Mi mensaje <b>100%</b> {x}")
    )
    assert response.status_code == 200
    html = unescape(response.content.decode())
    summary = unescape(visible_error_summary(response.content.decode()))
    assert in_spanish("There is a problem") in summary
    assert f"¿Cómo podemos contactarle? – {in_spanish('Please fill this in.')}" in summary
    assert "Please fill this in." not in html
    assert "Mi mensaje <b>100%</b> {x}</textarea>" in html
    assert FormSubmission.objects.count() == 0


def test_a_spanish_message_is_stored_with_its_language_and_routed_to_the_spanish_address(connect_pages, client):
    connect, spanish_page = connect_pages
    response = client.post(spanish_page.url, spanish_answers())

    assert response.status_code == 303
    assert response["Location"] == spanish_page.url + "enviado/"
    landing = unescape(client.get(response["Location"]).content.decode())
    assert '<h1 class="page-header__title">Gracias</h1>' in landing
    assert "Su mensaje ha sido enviado." in landing

    submission = FormSubmission.objects.get()
    assert submission.page_id == connect.pk, "kept with every other message, in the one list staff read"
    assert submission.form_data[LANGUAGE_FIELD] == "es"
    assert submission.form_data[TOPIC_FIELD] == "Prensa"
    assert submission.form_data["your_message"] == "Necesito ayuda con la vivienda."
    assert [message.to for message in mail.outbox] == [[PRENSA_DESK]]
    body = mail.outbox[0].body
    assert "Language: Español" in body
    assert "Su mensaje: Necesito ayuda con la vivienda." in body


def test_a_spanish_answer_without_an_address_of_its_own_goes_where_the_english_one_does(connect_pages, client):
    _, spanish_page = connect_pages
    client.post(spanish_page.url, spanish_answers(**{TOPIC_FIELD: "Donativos y voluntariado"}))
    assert [message.to for message in mail.outbox] == [[GIVING_DESK]]


def test_an_english_answer_is_not_a_choice_on_the_spanish_form(connect_pages, client):
    _, spanish_page = connect_pages
    response = client.post(spanish_page.url, spanish_answers(**{TOPIC_FIELD: "Press"}))
    assert response.status_code == 200
    assert in_spanish("Please check this answer.") in unescape(visible_error_summary(response.content.decode()))
    assert FormSubmission.objects.count() == 0


def test_an_english_message_still_records_english(connect_pages, client):
    connect, _ = connect_pages
    client.post(connect.url, answers())
    assert FormSubmission.objects.get().form_data[LANGUAGE_FIELD] == "en"
    assert "Language: English" in mail.outbox[0].body
    assert [message.to for message in mail.outbox] == [[PRESS_DESK]]


def test_a_rate_limited_spanish_visitor_gets_a_spanish_429_with_their_message(connect_pages, client):
    _, spanish_page = connect_pages
    for _ in range(5):
        assert client.post(spanish_page.url, spanish_answers()).status_code == 303
    response = client.post(spanish_page.url, spanish_answers(your_message="Sexto mensaje."))
    assert response.status_code == 429
    html = unescape(response.content.decode())
    assert '<html lang="es"' in html
    assert in_spanish("Please wait a moment") in html
    assert "Sexto mensaje.</textarea>" in html and "¿Cómo podemos ayudarle?" in html


def test_staff_see_each_messages_language_in_the_listing_and_the_export(connect_pages, client):
    connect, spanish_page = connect_pages
    client.post(spanish_page.url, spanish_answers(your_message="Mensaje en español."))
    client.post(connect.url, answers(your_message="A message in English."))
    managers = signed_in_client("manager", "Form managers")

    listing = managers.get(f"/admin/forms/submissions/{connect.pk}/").content.decode()
    assert "Language" in listing
    rows = re.findall(r"<tr[^>]*>.*?</tr>", listing, flags=re.S)
    assert [row for row in rows if "Mensaje en español." in row and "Español" in row]
    assert [row for row in rows if "A message in English." in row and "English" in row]

    export = managers.get(f"/admin/forms/submissions/{connect.pk}/?export=csv")
    table = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))
    column = table[0].index("Language")
    languages = {row[table[0].index("Your message")]: row[column] for row in table[1:]}
    assert languages == {"Mensaje en español.": "Español", "A message in English.": "English"}

    forms_index = managers.get("/admin/forms/").content.decode()
    assert f"/admin/forms/submissions/{connect.pk}/" in forms_index
    assert f"/admin/forms/submissions/{spanish_page.pk}/" not in forms_index, "one list per form"


def test_a_spanish_form_whose_english_page_was_deleted_keeps_and_lists_its_own_messages(connect_pages, client):
    connect, spanish_page = connect_pages
    connect.delete()
    assert client.post(spanish_page.url, spanish_answers()).status_code == 303
    assert FormSubmission.objects.get().page_id == spanish_page.pk
    managers = signed_in_client("manager", "Form managers")
    assert f"/admin/forms/submissions/{spanish_page.pk}/" in managers.get("/admin/forms/").content.decode()
    assert (
        "Necesito ayuda con la vivienda."
        in managers.get(f"/admin/forms/submissions/{spanish_page.pk}/").content.decode()
    )


# The newsletter


@pytest.fixture
def spanish_site_content(spanish):
    content = SiteWideContent.objects.get(locale=spanish)
    content.newsletter_heading = "Manténgase en contacto"
    content.newsletter_consent_text = "Acepta recibir nuestras cartas."
    content.newsletter_thanks_heading = "¡Gracias por suscribirse!"
    content.newsletter_thanks_text = "Le escribiremos pronto."
    content.save()
    return content


def test_the_footer_of_a_spanish_page_signs_up_in_spanish(spanish_site_content, client):
    spanish_home = HomePage.objects.get(locale=spanish_site_content.locale)
    footer = unescape(client.get(spanish_home.url).content.decode()).split('<footer class="site-footer">', 1)[1]
    assert f'action="{spanish_url("newsletter_signup")}"' in footer
    assert "Manténgase en contacto" in footer and "Acepta recibir nuestras cartas." in footer
    assert f">{in_spanish('Sign up')}</button>" in footer


def test_a_spanish_sign_up_is_stored_in_spanish_and_thanked_in_spanish(spanish_site_content, client):
    response = client.post(spanish_url("newsletter_signup"), {"email": "lectora@example.org", "website": ""})
    assert response.status_code == 303
    assert response["Location"] == spanish_url("newsletter_thanks")
    signup = NewsletterSignup.objects.get()
    assert signup.language == "es"
    assert signup.consent_text == "Acepta recibir nuestras cartas."
    thanks = unescape(client.get(response["Location"]).content.decode())
    assert "¡Gracias por suscribirse!" in thanks and "Le escribiremos pronto." in thanks

    client.post("/newsletter/", {"email": "reader@example.org", "website": ""})
    assert NewsletterSignup.objects.get(email="reader@example.org").language == "en"


def test_an_invalid_spanish_sign_up_answers_in_spanish_with_what_was_typed(spanish_site_content, client):
    response = client.post(spanish_url("newsletter_signup"), {"email": "", "first_name": "Ana <b>%s</b>"})
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert in_spanish("There is a problem") in html
    assert f"{in_spanish('Email address')} – {in_spanish('Please fill this in.')}" in html
    assert 'value="Ana <b>%s</b>"' in html
    assert NewsletterSignup.objects.count() == 0


def confirmation_path(message):
    """The confirmation link's address on this site, with its language prefix."""
    return re.search(r"https?://[^/\s]+(/(?:newsletter/confirm|es/boletin/confirmar)/[^/\s]+/)", message.body).group(1)


def test_a_spanish_sign_up_is_emailed_in_spanish_and_confirmed_on_spanish_pages(spanish_site_content, client):
    response = client.post(
        spanish_url("newsletter_signup"), {"email": "lectora@example.org", "first_name": "Ana", "website": ""}
    )
    thanks = unescape(client.get(response["Location"]).content.decode())
    assert (
        in_spanish(
            "An email is on its way to you. Please follow the link in it to confirm your subscription: until then, "
            "you will not get the newsletter."
        )
        in thanks
    )

    (message,) = mail.outbox
    assert message.to == ["lectora@example.org"]
    assert message.subject == in_spanish("Please confirm your newsletter subscription")
    assert in_spanish("Hello %(name)s,") % {"name": "Ana"} in message.body
    assert in_spanish("To confirm that you want it, follow this link:") in message.body
    assert (
        in_spanish("If it was not you, ignore this email and nothing will happen: you will not get the newsletter.")
        in message.body
    )
    with translation.override("es"):
        lifetime = translation.ngettext("The link works for %(days)d day.", "The link works for %(days)d days.", 7)
    assert lifetime % {"days": 7} in message.body
    path = confirmation_path(message)
    assert path.startswith("/es/boletin/confirmar/")

    page = unescape(client.get(path).content.decode())
    assert '<html lang="es">' in page
    assert in_spanish("Confirm your subscription") in page
    assert f">{in_spanish('Confirm my subscription')}</button>" in page
    assert NewsletterSignup.objects.get().confirmed_at is None
    confirmed = unescape(client.post(path).content.decode())
    assert '<html lang="es">' in confirmed and in_spanish("You are subscribed") in confirmed
    assert NewsletterSignup.objects.get().confirmed_at is not None

    invalid = client.get("/es/boletin/confirmar/not-a-token/")
    html = unescape(invalid.content.decode())
    assert invalid.status_code == 400 and '<html lang="es">' in html
    assert in_spanish("This link is no longer valid") in html
    assert f'href="{spanish_url("newsletter_signup")}">{in_spanish("Sign up again")}</a>' in html


def test_an_english_sign_up_is_emailed_an_english_link(spanish_site_content, client):
    client.post("/newsletter/", {"email": "reader@example.org", "website": ""})
    (message,) = mail.outbox
    assert message.subject == "Please confirm your newsletter subscription"
    assert "Hello," in message.body
    assert confirmation_path(message).startswith("/newsletter/confirm/")


def test_staff_see_each_sign_ups_language_in_the_listing_and_the_export(spanish_site_content, client):
    client.post(spanish_url("newsletter_signup"), {"email": "lectora@example.org", "website": ""})
    client.post("/newsletter/", {"email": "reader@example.org", "website": ""})
    for message in mail.outbox:
        client.post(confirmation_path(message))
    managers = signed_in_client("manager", "Form managers")
    listing = managers.get("/admin/snippets/home/newslettersignup/").content.decode()
    rows = re.findall(r"<tr[^>]*>.*?</tr>", listing, flags=re.S)
    assert [row for row in rows if "lectora@example.org" in row and "Español" in row]
    assert [row for row in rows if "reader@example.org" in row and "English" in row]
    export = managers.get("/admin/snippets/home/newslettersignup/?export=csv")
    table = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))
    column = table[0].index("Language")
    assert {row[0]: row[column] for row in table[1:]} == {
        "lectora@example.org": "Español",
        "reader@example.org": "English",
    }
