"""The Spanish site as the seed builds it: every page and the site-wide words
in Spanish, as wagtail-localize translations staff can keep in step with the
English."""

import io
import json
import re
from html import unescape

import polib
import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Locale, Page, Revision
from wagtail_localize.models import (
    SegmentOverride,
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from home.models import HomePage, PromotionPage, SeedRecord, SiteWideContent
from home.seed.catalog import CATALOG_PATH, MissingSpanish, SpanishCatalog
from home.seed.loader import CONTENT_PATH, SeedLoader
from news.models import PressItem
from programs.models import ProgramPage
from tests.admin_helpers import signed_in_client

pytestmark = pytest.mark.django_db

CONTENT = json.loads(CONTENT_PATH.read_text(encoding="utf-8"))
SPANISH = SpanishCatalog()
PROPER_NAMES = ["Women’s Prison Association", "WPA", "Books Are Magic", "CNN", "Vogue", "Marie Claire"]


def load():
    call_command("load_initial_data", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115


def words(html):
    """What a reader meets, in one line: tags and extra spaces gone."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def spanish_of(english):
    spanish = SPANISH.get(english)
    assert spanish, f"es.po has no Spanish for {english!r}"
    return spanish


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    html = response.content.decode()
    assert re.search(r'<html[^>]*\blang="es"', html), url
    return html


def home_strings():
    home = CONTENT["home"]
    texts = [home[field] for field in ("hero_lede", "mission_statement", "care_model_intro", "impact_report_teaser")]
    texts += [home["care_model_heading"], home["press_heading"], CONTENT["promotion"]["text"]]
    texts += [statistic[field] for statistic in home["statistics"] for field in ("label", "supporting_text")]
    return texts + [program["summary"] for program in CONTENT["programs"]]


def differs_in_spanish(english):
    return spanish_of(english) != english


def seeded_pages(language):
    return Page.objects.filter(depth__gt=1, locale__language_code=language).order_by("path").specific()


def test_every_seeded_page_has_a_live_spanish_translation_that_wagtail_localize_keeps(seeded):
    spanish = Locale.objects.get(language_code="es")
    english_pages = list(seeded_pages("en"))
    assert len(english_pages) == 11
    for page in english_pages:
        translation = Translation.objects.get(source__object_id=page.translation_key, target_locale=spanish)
        assert translation.enabled and translation.source.locale.language_code == "en"
        total, translated = translation.get_progress()
        assert total and translated == total, (page.title, total, translated)
        version = page.get_translation(spanish).specific
        assert version.live and not version.has_unpublished_changes, page.title
        if page.title not in PROPER_NAMES:
            assert version.title == spanish_of(page.title) != page.title
        main_text = getattr(page, page.summary_field)
        if main_text:
            assert getattr(version, page.summary_field) == spanish_of(main_text) != main_text, page.title


def test_the_site_wide_words_are_a_spanish_translation_too(seeded):
    english = SiteWideContent.objects.get(locale__language_code="en")
    spanish = SiteWideContent.objects.get(locale__language_code="es")
    assert Translation.objects.filter(source__object_id=english.translation_key, target_locale=spanish.locale).exists()
    for field, text in CONTENT["site_wide_content"].items():
        assert getattr(spanish, field) == spanish_of(text) != text, field


def test_the_spanish_pages_have_spanish_addresses(seeded):
    urls = {page.url for page in seeded_pages("es")}
    assert {
        "/es/",
        "/es/nuestro-modelo-de-atencion/",
        "/es/nuestro-modelo-de-atencion/apoyo-en-la-comunidad/",
        "/es/informe-de-impacto-2025/",
        "/es/books-are-magic/",
        "/es/en-las-noticias/",
        "/es/contacto/",
        "/es/navegar-con-seguridad/",
    } <= urls
    assert all(len(url.rstrip("/").rsplit("/", 1)[-1]) <= 40 for url in urls)


def test_the_spanish_home_page_says_in_spanish_what_the_english_says(seeded, client, in_february):
    text = words(get(client, "/es/"))
    for english in home_strings():
        assert spanish_of(english) in text
        if differs_in_spanish(english) and len(english.split()) > 5:
            assert english not in text, english


def test_a_spanish_program_page_is_in_spanish(seeded, client):
    summary = CONTENT["programs"][0]["summary"]
    text = words(get(client, "/es/nuestro-modelo-de-atencion/apoyo-en-la-comunidad/"))
    assert spanish_of("Community-Based Supports") in text
    assert spanish_of(summary) in text
    assert summary not in text


def test_browsing_safely_and_connect_are_in_spanish(seeded, client):
    safety = words(get(client, "/es/navegar-con-seguridad/"))
    for paragraph in CONTENT["safety_page"]["body"]:
        english = words(paragraph["value"])
        assert spanish_of(english) in safety and english not in safety
    connect = words(get(client, "/es/contacto/"))
    for english in [CONTENT["connect"]["topic_label"], *CONTENT["connect"]["routes"]]:
        assert spanish_of(english) in connect


def test_the_spanish_menu_and_home_page_link_to_spanish_pages(seeded, client, in_february):
    menu = SiteWideContent.objects.get(locale__language_code="es").main_menu
    assert [block.value["page"].specific.url for block in menu] == [
        "/es/nuestro-modelo-de-atencion/",
        "/es/informe-de-impacto-2025/",
        "/es/en-las-noticias/",
    ]
    home = HomePage.objects.get(locale__language_code="es")
    chosen = [home.impact_report, home.promotion, home.news_index, home.connect_page]
    assert all(page.locale.language_code == "es" for page in chosen)
    html = get(client, "/es/")
    # The menu and the home page's own sections; the header's safety link
    # comes from the site's settings, not from these pages.
    nav = re.search(r'<nav class="site-menu__nav".*?</nav>', html, flags=re.S).group(0)
    main = re.search(r"<main\b.*?</main>", html, flags=re.S).group(0)
    links = set(re.findall(r'href="(/[^"]*)"', nav + main))
    assert {
        "/es/nuestro-modelo-de-atencion/",
        "/es/informe-de-impacto-2025/",
        "/es/en-las-noticias/",
        "/es/contacto/",
        "/es/books-are-magic/",
    } <= links
    english_pages = {page.url for page in seeded_pages("en")} - {"/"}
    assert not links & english_pages


def test_proper_names_stay_as_they_are_on_the_spanish_home_page(seeded, client, in_february):
    text = words(get(client, "/es/"))
    for name in PROPER_NAMES:
        assert name in text


@pytest.mark.parametrize("url", ["/es/", "/es/en-las-noticias/"])
def test_press_headlines_and_quotes_keep_their_english_on_spanish_pages(seeded, client, url):
    html = get(client, url)
    headlines = [words(h) for h in re.findall(r'<cite class="press-quote__headline" lang="en">(.*?)</cite>', html)]
    assert headlines == [f"{item['headline']} ( {item['outlet']} )" for item in CONTENT["press_items"]]
    quotes = re.findall(r'<blockquote class="press-quote__quote" lang="en">(.*?)</blockquote>', html, flags=re.S)
    assert [words(quote) for quote in quotes] == [item["quote"] for item in CONTENT["press_items"]]


def test_an_article_in_spanish_is_marked_on_english_pages_only(seeded, client):
    PressItem.objects.update(featured=False)
    item = PressItem.objects.create(
        outlet="El Diario", headline="Un titular en español", quote="“Una cita.”", featured=True, language="es"
    )
    item.save_revision().publish()
    english = client.get("/").content.decode()
    assert '<cite class="press-quote__headline" lang="es">' in english
    spanish = get(client, "/es/")
    assert '<cite class="press-quote__headline">' in spanish
    assert 'lang="es">Un titular' not in spanish


def test_running_the_seed_again_changes_nothing_in_either_language(seeded):
    def counts():
        models = [Page, Revision, Translation, TranslationSource, StringTranslation, SegmentOverride]
        return [model.objects.count() for model in models] + [SiteWideContent.objects.count()]

    before = counts()
    load()
    assert counts() == before


def test_a_translators_change_to_a_spanish_page_survives_the_seed(seeded):
    """Staff change the Spanish in wagtail-localize's editor (a string
    translation, then publish), or delete a Spanish page; the seed leaves both."""
    english = HomePage.objects.get(locale__language_code="en")
    translation = Translation.objects.get(source__object_id=english.translation_key)
    segment = StringSegment.objects.get(source=translation.source, context__path="hero_lede")
    StringTranslation.objects.filter(translation_of=segment.string, context=segment.context).update(
        data="Una frase que el equipo reescribió."
    )
    translation.save_target(publish=False)
    HomePage.objects.get(locale__language_code="es").get_latest_revision().publish()
    ProgramPage.objects.get(slug="vivienda-segura-y-estable").delete()

    load()

    assert HomePage.objects.get(locale__language_code="es").hero_lede == "Una frase que el equipo reescribió."
    assert not ProgramPage.objects.filter(slug="vivienda-segura-y-estable").exists()
    assert ProgramPage.objects.filter(slug="safe-and-stable-housing").exists()


def test_a_spanish_page_staff_made_outside_wagtail_localize_is_kept(seeded):
    """A site seeded before the seed knew Spanish, where staff had made a
    Spanish page by hand: the seed, run again, leaves it as they wrote it."""
    index = ProgramPage.objects.get(slug="apoyo-en-la-comunidad").get_parent()
    Translation.objects.filter(source__object_id=index.translation_key).delete()
    SeedRecord.objects.filter(key__startswith="es:").delete()
    index = index.specific
    index.introduction = "Escrito a mano por el equipo."
    index.save_revision().publish()

    load()

    assert Page.objects.get(pk=index.pk).specific.introduction == "Escrito a mano por el equipo."
    assert not Translation.objects.filter(source__object_id=index.translation_key).exists()


def test_the_translation_editor_opens_on_a_spanish_page_and_its_po_has_the_spanish(seeded):
    program = ProgramPage.objects.get(slug="apoyo-en-la-comunidad")
    client = signed_in_client("translator", "Moderators")
    response = client.get(reverse("wagtailadmin_pages:edit", args=[program.pk]))
    assert response.status_code == 200
    assert "js-translation-editor" in response.content.decode()
    translation = Translation.objects.get(target_locale=program.locale, source__object_id=program.translation_key)
    po = {entry.msgid: entry.msgstr for entry in translation.export_po()}
    summary = CONTENT["programs"][0]["summary"]
    assert po[summary] == spanish_of(summary)


def test_wagtail_localize_says_when_the_english_has_changed(seeded):
    english = ProgramPage.objects.get(slug="community-based-supports")
    english.summary = "A new summary written by staff."
    english.save_revision().publish()
    source = TranslationSource.objects.get(object_id=english.translation_key)
    source.update_from_db()
    translation = source.translations.get()
    total, translated = translation.get_progress()
    assert translated == total - 1
    assert str(translation.get_status_display()) == "Waiting for translations"


def test_the_seed_stops_and_names_an_english_string_with_no_spanish(db):
    content = json.loads(CONTENT_PATH.read_text(encoding="utf-8"))
    content["home"]["mission_statement"] = "A new mission statement nobody translated."
    pages_before = Page.objects.count()
    with pytest.raises(MissingSpanish, match="A new mission statement nobody translated."):
        SeedLoader(content=content).run()
    assert Page.objects.count() == pages_before


def test_the_seed_stops_when_the_catalog_loses_a_string(db, tmp_path):
    po = polib.pofile(str(CATALOG_PATH))
    po.remove(po.find("Quick exit"))
    po.save(str(tmp_path / "es.po"))
    with pytest.raises(MissingSpanish) as stopped:
        SeedLoader(catalog=SpanishCatalog(tmp_path / "es.po")).run()
    assert stopped.value.strings == ["Quick exit"]
    assert str(tmp_path / "es.po") in str(stopped.value)


def test_the_catalog_has_the_connect_forms_questions_and_hints():
    for question in CONTENT["connect"]["form_fields"]:
        for text in (question["label"], question["help_text"], question.get("choices")):
            if text:
                assert differs_in_spanish(text), text


def test_english_staff_wrote_before_the_spanish_was_seeded_waits_for_a_translator(seeded):
    """A site seeded before the seed knew Spanish, whose English staff have
    since edited: the Spanish is seeded around their words, which stay in
    English until translated, and the seed says so; a page they took offline
    is offline in Spanish too."""
    HomePage.objects.get(locale__language_code="es").delete()
    SiteWideContent.objects.filter(locale__language_code="es").delete()
    SeedRecord.objects.filter(key__startswith="es:").delete()
    home = HomePage.objects.get(locale__language_code="en")
    home.mission_statement = "A mission statement staff wrote."
    home.save_revision().publish()
    PromotionPage.objects.get(locale__language_code="en").unpublish()
    output = io.StringIO()

    call_command("load_initial_data", stdout=output)

    spanish = HomePage.objects.get(locale__language_code="es")
    assert spanish.live and spanish.mission_statement == "A mission statement staff wrote."
    assert spanish.hero_lede == spanish_of(CONTENT["home"]["hero_lede"])
    assert "Spanish of Women’s Prison Association (1 string(s) waiting for a translator)" in output.getvalue()
    translation = Translation.objects.get(source__object_id=home.translation_key)
    assert str(translation.get_status_display()) == "Waiting for translations"
    promotion = PromotionPage.objects.get(locale__language_code="es")
    assert not promotion.live and promotion.title == "Books Are Magic"
