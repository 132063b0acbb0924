"""Get help, as a visitor meets it: in the header of every page, on the home
page, in the footer, on each program page, and on the Connect page and the
page after it, in English and in Spanish."""

import re
from html import unescape

import pytest
from django.core import mail
from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import Locale, Site

from home.models import ConnectPage, ConnectSettings, OrganizationSettings, SiteWideContent
from home.public_forms import PROGRAM_FIELD
from programs.models import ProgramPage
from tests.connect_helpers import answers
from tests.factories import add_about_page
from tests.pages import add_spanish_versions, page_type_paths_in_both_languages

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limits")]

SPANISH_CONNECT = "/es/contacto/"


def site_setting(model):
    return model.for_site(Site.objects.get(is_default_site=True))


def header(html):
    return re.search(r'<header class="site-header">.*?</header>', html, flags=re.S).group(0)


def footer(html):
    return re.search(r'<footer class="site-footer">.*?</footer>', html, flags=re.S).group(0)


def links(html):
    """(address, words) of every link, the words without their markup."""
    found = re.findall(r'<a [^>]*href="([^"]*)"[^>]*>(.*?)</a>', html, flags=re.S)
    return [(unescape(href), unescape(re.sub(r"<[^>]+>", "", words)).strip()) for href, words in found]


@pytest.fixture
def every_page_type(seeded):
    add_about_page()
    add_spanish_versions()
    return page_type_paths_in_both_languages()


# The header of every page


def test_every_page_type_has_get_help_in_its_header_leading_to_connect_in_its_language(client, every_page_type):
    for name, path in every_page_type.items():
        html = client.get(path).content.decode()
        spanish = name.endswith("(es)")
        expected = (SPANISH_CONNECT, "Pedir ayuda") if spanish else ("/connect/", "Get help")
        assert expected in links(header(html)), name


def test_the_header_is_the_same_on_search_pages_with_its_search_box(client, seeded):
    def without_language_switch(html):
        return re.sub(r'<nav class="lang-switch".*?</nav>', "", header(html), flags=re.S)

    home = without_language_switch(client.get("/").content.decode())
    search = without_language_switch(client.get("/search/?q=housing").content.decode())
    assert 'id="site-search-query"' in search
    assert search == home


def test_get_help_is_marked_as_the_current_page_on_connect(client, connect):
    html = header(client.get(connect.url).content.decode())
    assert re.search(r'href="/connect/" aria-current="page">Get help<', html)


def test_staff_words_for_get_help_in_each_language_escaped(client, seeded):
    SiteWideContent.objects.filter(locale__language_code="en").update(get_help_label="Help <now> 100% {ok}")
    SiteWideContent.objects.filter(locale__language_code="es").update(get_help_label="Ayuda ya")
    english = client.get("/").content.decode()
    assert ("/connect/", "Help <now> 100% {ok}") in links(header(english))
    assert "<now>" not in english
    assert (SPANISH_CONNECT, "Ayuda ya") in links(header(client.get("/es/").content.decode()))


def test_without_a_live_connect_page_there_is_no_get_help_and_no_broken_link(client, connect):
    for page in ConnectPage.objects.all():
        page.unpublish()
    html = client.get("/").content.decode()
    assert "Get help" not in html and 'href=""' not in html


def test_get_help_skips_a_connect_page_behind_a_password(client, connect):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=connect, restriction_type="password", password="secret")
    assert "/connect/" not in [href for href, _ in links(header(client.get("/").content.decode()))]


# The home page


def hero(html):
    return re.search(r'<section class="hero".*?</section>', html, flags=re.S).group(0)


def test_the_hero_offers_get_help_and_donate_only_once_a_donate_address_is_set(client, seeded):
    assert links(hero(client.get("/").content.decode())) == [("/connect/", "Get help")]
    settings = site_setting(OrganizationSettings)
    settings.donate_url = "https://donate.example.org/wpa"
    settings.save()
    hero_links = links(hero(client.get("/").content.decode()))
    assert hero_links == [("/connect/", "Get help"), ("https://donate.example.org/wpa", "Donate")]
    spanish = links(hero(client.get("/es/").content.decode()))
    assert spanish == [(SPANISH_CONNECT, "Pedir ayuda"), ("https://donate.example.org/wpa", "Donar")]


def test_the_connect_band_has_one_button_and_does_not_repeat_its_heading(client, seeded):
    html = client.get("/").content.decode()
    band = re.search(r'<section class="connect".*?</section>', html, flags=re.S).group(0)
    assert links(band) == [("/connect/", "Get help")]
    assert band.count(">Connect<") == 1


# The footer


def test_the_footer_always_links_to_connect_and_browsing_safely(client, seeded):
    for path, expected in [
        ("/", [("/connect/", "Get help"), ("/browsing-safely/", "Browsing safely")]),
        ("/es/", [(SPANISH_CONNECT, "Pedir ayuda"), ("/es/navegar-con-seguridad/", "Navegar con seguridad")]),
    ]:
        footer_links = links(footer(client.get(path).content.decode()))
        for link in expected:
            assert link in footer_links, (path, footer_links)


def test_the_footer_shows_contact_details_social_links_and_donate_once_set(client, seeded):
    html = footer(client.get("/").content.decode())
    assert "tel:" not in html and "mailto:" not in html and "Donate" not in html
    settings = site_setting(OrganizationSettings)
    settings.contact_phone = "(212) 555 0100"
    settings.contact_email = "help@example.org"
    settings.address = "1 Example Street\nNew York"
    settings.donate_url = "https://donate.example.org/"
    settings.save()
    content = SiteWideContent.objects.get(locale__language_code="en")
    content.social_links = [("social_link", {"network": "instagram", "url": "https://instagram.example/wpa"})]
    content.save()
    html = footer(client.get("/").content.decode())
    footer_links = links(html)
    assert ("tel:(212)5550100", "(212) 555 0100") in footer_links
    assert ("mailto:help@example.org", "help@example.org") in footer_links
    assert ("https://instagram.example/wpa", "Instagram") in footer_links
    assert ("https://donate.example.org/", "Donate") in footer_links
    assert "1 Example Street<br>New York" in html


# Program pages: Ask about this program


def program_pages(language):
    return ProgramPage.objects.live().filter(locale__language_code=language).order_by("path")


def test_each_program_page_asks_about_itself_on_connect_in_its_language(client, seeded):
    for language, connect_path, words in [
        ("en", "/connect/", "Ask about this program"),
        ("es", SPANISH_CONNECT, "Preguntar por este programa"),
    ]:
        for program in program_pages(language):
            html = client.get(program.url).content.decode()
            assert (f"{connect_path}?program={program.pk}", words) in links(html), program.url


def chosen_program(html):
    select = re.search(r'<select name="_program".*?</select>', html, flags=re.S)
    if select is None:
        return None
    chosen = re.search(r'<option value="([^"]*)" selected>', select.group(0))
    return unescape(chosen.group(1)) if chosen else ""


def test_connect_opens_with_the_program_chosen_in_the_pages_language(client, seeded):
    english = program_pages("en")[2]
    spanish = english.get_translation(Locale.objects.get(language_code="es"))
    assert chosen_program(client.get(f"/connect/?program={english.pk}").content.decode()) == english.title
    assert chosen_program(client.get(f"{SPANISH_CONNECT}?program={spanish.pk}").content.decode()) == spanish.title
    # A link made on the English page, followed on the Spanish site: its Spanish version.
    assert chosen_program(client.get(f"{SPANISH_CONNECT}?program={english.pk}").content.decode()) == spanish.title


@pytest.mark.parametrize("value", ["", "abc", "99999", "-1", "1e3", "٣", "9" * 40, "<script>"])
def test_a_program_that_is_not_there_opens_connect_with_nothing_chosen(client, connect, value):
    response = client.get("/connect/", {"program": value})
    html = response.content.decode()
    assert response.status_code == 200
    assert chosen_program(html) is None
    assert 'name="how_can_we_help"' in html


def test_a_message_sent_from_a_program_carries_that_program_to_staff(client, connect, settings):
    connect.to_address = "team@example.org"
    connect.save_revision().publish()
    program = program_pages("en")[1]
    assert chosen_program(client.get(f"/connect/?program={program.pk}").content.decode()) == program.title
    response = client.post(connect.url, answers(**{PROGRAM_FIELD: program.title}))
    assert response.status_code == 303
    submission = FormSubmission.objects.get()
    assert submission.form_data[PROGRAM_FIELD] == program.title
    (email,) = mail.outbox
    assert email.to == ["team@example.org"]
    assert f"Which program is it about?: {program.title}" in email.body


def test_a_program_answer_that_is_not_a_program_keeps_what_was_typed(client, connect):
    data = answers(**{PROGRAM_FIELD: "Not a program", "your_message": "Still here 100% {ok} <b>"})
    html = client.post(connect.url, data).content.decode()
    assert FormSubmission.objects.count() == 0
    assert "Please check this answer." in html
    assert "Still here 100% {ok} &lt;b&gt;" in html


# The Connect page


def connect_about(html):
    return re.search(r'<div class="connect-page__about">.*?</section>\s*</div>', html, flags=re.S).group(0)


def test_connect_says_what_to_do_in_danger_and_what_happens_next_in_both_languages(client, seeded):
    english = connect_about(client.get("/connect/").content.decode())
    assert "In danger now? Call 911." in english
    assert "What happens next" in english and "A member of our staff reads every message" in english
    spanish = connect_about(client.get(SPANISH_CONNECT).content.decode())
    assert "¿Está en peligro ahora? Llame al 911." in spanish and "Qué pasa después" in spanish


def test_staff_write_the_emergency_line_and_what_happens_next(client, connect):
    connect.emergency_line = "In danger? Call 911 <now> 100%"
    connect.what_happens_next = "Our intake team reads it {within} two days."
    connect.save_revision().publish()
    html = client.get(connect.url).content.decode()
    assert "In danger? Call 911 &lt;now&gt; 100%" in html
    assert "Our intake team reads it {within} two days." in html
    assert "A member of our staff reads every message" not in html


@pytest.mark.parametrize(
    ("days", "english", "spanish"),
    [
        (365, "kept for 365 days so that our staff can answer you, then deleted for good", "durante 365 días"),
        (1, "kept for 1 day so that", "durante 1 día para"),
        (0, "kept so that our staff can answer you, until they delete them", "hasta que el personal las borre"),
    ],
)
def test_the_privacy_note_says_how_long_a_message_is_kept_from_the_real_setting(
    client, seeded, days, english, spanish
):
    settings = site_setting(ConnectSettings)
    settings.submission_retention_days = days
    settings.save()
    assert english in client.get("/connect/").content.decode()
    assert spanish in client.get(SPANISH_CONNECT).content.decode()


# The page after sending


def test_the_thank_you_page_has_a_spanish_address_and_the_old_one_redirects(client, seeded):
    response = client.post(SPANISH_CONNECT, answers(how_can_we_help="Prensa"))
    assert response.status_code == 303 and response["Location"] == "/es/contacto/enviado/"
    old = client.get("/es/contacto/sent/")
    assert old.status_code == 301 and old["Location"] == "/es/contacto/enviado/"
    assert client.get("/connect/sent/").status_code == 200
    assert client.get("/connect/enviado/")["Location"] == "/connect/sent/"
    assert client.get("/connect/no-such-step/").status_code == 404


def test_the_thank_you_page_gives_the_next_steps_and_is_not_indexed(client, seeded):
    for path, expected in [
        (
            "/connect/sent/",
            [("/browsing-safely/", "Browsing safely"), ("/our-care-model/", "Our Care Model"), ("/", "Home page")],
        ),
        (
            "/es/contacto/enviado/",
            [
                ("/es/navegar-con-seguridad/", "Navegar con seguridad"),
                ("/es/nuestro-modelo-de-atencion/", "Nuestro modelo de atención"),
                ("/es/", "Página principal"),
            ],
        ),
    ]:
        html = client.get(path).content.decode()
        steps = re.search(r'<section class="next-steps".*?</section>', html, flags=re.S).group(0)
        assert links(steps) == expected, path
        assert '<meta name="robots" content="noindex">' in html
