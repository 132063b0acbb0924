"""Translating the site: staff translate every page and the site-wide content
in wagtail-localize's editor, in their roles, hand PO files to outside
translators, see what is missing or behind, and visitors see the result."""

import json
import os
import re
import subprocess
import sys
from html import unescape
from urllib.parse import urlencode

import polib
import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from wagtail.models import Locale, Page
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from home.models import (
    ConnectPage,
    HomePage,
    ImpactReportPage,
    PromotionPage,
    SiteWideContent,
    StandardPage,
)
from news.models import NewsIndexPage
from programs.models import ProgramIndexPage, ProgramPage
from tests.admin_helpers import make_staff

PAGE_TYPES = {
    HomePage,
    ProgramIndexPage,
    ProgramPage,
    ImpactReportPage,
    PromotionPage,
    NewsIndexPage,
    ConnectPage,
    StandardPage,
}
NEW_SENTENCE = "Una frase nueva, escrita por el equipo."


@pytest.fixture(autouse=True)
def english_only_unless_spanish(request):
    """The seed makes a Spanish version of everything; a test that does not
    ask for `spanish` translates from the beginning, as staff will for a new
    page, so the seed's Spanish is taken away first."""
    if "spanish" in request.fixturenames:
        return
    request.getfixturevalue("seeded")
    Translation.objects.filter(target_locale__language_code="es").delete()
    for home in Page.objects.filter(depth=2, locale__language_code="es"):
        home.delete()
    SiteWideContent.objects.filter(locale__language_code="es").delete()


# --- helpers: the admin as staff use it -----------------------------------


def spanish_locale():
    return Locale.objects.get(language_code="es")


def edit_url(obj):
    if isinstance(obj, Page):
        return reverse("wagtailadmin_pages:edit", args=[obj.pk])
    return reverse("wagtailsnippets_home_sitewidecontent:edit", args=[obj.pk])


def translate_page_in_admin(client, page):
    """Click "Translate this page" on the English page and choose Spanish."""
    url = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
    assert url in client.get(edit_url(page)).content.decode()
    assert client.get(url).status_code == 200
    response = client.post(url, {"locales": [spanish_locale().pk]})
    assert response.status_code == 302, response.status_code
    return page.get_translation(spanish_locale())


def editor_props(client, obj):
    """The props wagtail-localize's React editor is started with, from the
    edit screen of the translated page or snippet."""
    response = client.get(edit_url(obj))
    assert response.status_code == 200
    html = response.content.decode()
    match = re.search(r'class="js-translation-editor" data-props="([^"]*)"', html)
    assert match, "the translation editor is not on the screen"
    return json.loads(unescape(match.group(1))), html


def segment_for(props, english):
    return next(s for s in props["segments"] if s["type"] == "string" and s["source"] == english)


def type_sentence(client, translation, segment, value):
    """What the editor sends when a translator saves one sentence."""
    url = reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment["id"]])
    response = client.put(url, urlencode({"value": value}), content_type="application/x-www-form-urlencoded")
    assert response.status_code in (200, 201), response.status_code


def synced_translation(page):
    """The English page kept in step with its Spanish version by wagtail-localize,
    whether the seed made the translation or the Spanish is a plain copy."""
    source, _ = TranslationSource.get_or_create_from_instance(page)
    translation, _ = Translation.objects.get_or_create(source=source, target_locale=spanish_locale())
    return translation


def publish_english(page, **changes):
    page = Page.objects.get(pk=page.pk).specific
    for field, value in changes.items():
        setattr(page, field, value)
    page.save_revision().publish()
    return page


def report(client, **filters):
    response = client.get(reverse("translation_status_report"), filters)
    assert response.status_code == 200
    return response.content.decode()


def report_rows(html):
    table = html[html.find('<table class="listing') :]
    body = table[table.find("<tbody") : table.find("</tbody>")]
    return [re.sub(r"\s+", " ", row) for row in re.findall(r"<tr.*?</tr>", body, flags=re.S)]


def report_row(html, title):
    for row in report_rows(html):
        if f">{title}<" in row or f"> {title} <" in row or title in re.sub(r"\s+", " ", row):
            return re.sub(r"\s+", " ", row)
    return None


# --- every page type and the site-wide content ----------------------------


def test_every_page_type_can_be_translated_in_the_side_by_side_editor(client, moderator):
    client.force_login(moderator)
    seen = set()
    for page in Page.objects.filter(depth__gt=1, locale__language_code="en").order_by("path").specific():
        if type(page) in seen or page.has_translation(spanish_locale()):
            continue
        seen.add(type(page))
        spanish = translate_page_in_admin(client, page)
        props, html = editor_props(client, spanish)
        assert props["sourceLocale"]["code"] == "en" and props["locale"]["code"] == "es"
        # The English words are there to translate from.
        assert any(segment["source"] == page.title for segment in props["segments"]), type(page)
    assert seen == PAGE_TYPES


def test_the_site_wide_content_can_be_translated_in_the_side_by_side_editor(client, moderator):
    client.force_login(moderator)
    english = SiteWideContent.objects.get(locale__language_code="en")
    listing = client.get(reverse("wagtailsnippets_home_sitewidecontent:list")).content.decode()
    url = reverse("wagtail_localize:submit_snippet_translation", args=["home", "sitewidecontent", english.pk])
    assert url in listing
    response = client.post(url, {"locales": [spanish_locale().pk]})
    assert response.status_code == 302
    spanish = english.get_translation(spanish_locale())
    props, _ = editor_props(client, spanish)
    assert segment_for(props, english.quick_exit_label)["location"]["field"] == "Quick exit button words"
    assert props["perms"]["canPublish"]


def test_translate_this_page_makes_a_spanish_draft_visitors_do_not_see(client, editor):
    client.force_login(editor)
    index = ProgramIndexPage.objects.get(locale__language_code="en")
    spanish = translate_page_in_admin(client, index)
    assert not spanish.live
    client.logout()
    assert client.get(spanish.get_url()).status_code == 404


# --- roles ----------------------------------------------------------------


def test_editors_and_moderators_may_edit_the_spanish_tree_and_only_moderators_publish_it(spanish, editor, moderator):
    for page in Page.objects.filter(locale=spanish, depth__gt=1).specific():
        assert page.permissions_for_user(editor).can_edit(), page.title
        assert not page.permissions_for_user(editor).can_publish(), page.title
        assert page.permissions_for_user(moderator).can_publish(), page.title
        assert page.get_workflow() is not None, page.title


def test_a_spanish_home_made_later_is_covered_by_the_same_rights(seeded, editor, moderator):
    spanish_home = HomePage.objects.get(locale__language_code="en").copy_for_translation(spanish_locale())
    assert spanish_home.permissions_for_user(editor).can_edit()
    assert spanish_home.permissions_for_user(moderator).can_publish()


def test_only_moderators_edit_the_spanish_site_wide_content(client, spanish, editor, moderator):
    content = SiteWideContent.objects.get(locale=spanish)
    client.force_login(moderator)
    assert client.get(edit_url(content)).status_code == 200
    client.force_login(editor)
    assert client.get(edit_url(content)).status_code in (302, 403)


def test_editors_cannot_create_the_spanish_site_wide_content(client, editor):
    client.force_login(editor)
    english = SiteWideContent.objects.get(locale__language_code="en")
    url = reverse("wagtail_localize:submit_snippet_translation", args=["home", "sitewidecontent", english.pk])
    assert client.post(url, {"locales": [spanish_locale().pk]}).status_code in (302, 403)
    assert not SiteWideContent.objects.filter(locale__language_code="es").exists()


def test_form_managers_cannot_translate_or_see_the_report(client, form_manager):
    client.force_login(form_manager)
    home = HomePage.objects.get(locale__language_code="en")
    url = reverse("wagtail_localize:submit_page_translation", args=[home.pk])
    assert client.post(url, {"locales": [spanish_locale().pk]}).status_code in (302, 403)
    assert not home.has_translation(spanish_locale())
    assert client.get(reverse("translation_status_report")).status_code in (302, 403)


def test_an_editor_translates_and_submits_for_moderation_and_a_moderator_publishes(client, spanish, editor, moderator):
    english = ProgramIndexPage.objects.get(locale__language_code="en")
    translation = synced_translation(english)
    spanish_page = english.get_translation(spanish)
    path = spanish_page.url

    client.force_login(editor)
    props, html = editor_props(client, spanish_page)
    assert not props["perms"]["canPublish"]
    type_sentence(client, translation, segment_for(props, english.introduction), NEW_SENTENCE)
    # Posting the editor's publish action anyway publishes nothing.
    assert client.post(edit_url(spanish_page), {"action": "publish"}).status_code in (302, 403)
    assert NEW_SENTENCE not in Page.objects.get(pk=spanish_page.pk).specific.introduction

    submit_url = reverse("submit_translation_for_moderation", args=[spanish_page.pk])
    assert submit_url in html
    assert client.get(submit_url).status_code == 200
    assert client.post(submit_url).status_code == 302
    spanish_page.refresh_from_db()
    assert spanish_page.current_workflow_state.status == "in_progress"
    client.logout()
    assert NEW_SENTENCE not in client.get(path).content.decode()

    client.force_login(moderator)
    task_state = spanish_page.current_workflow_state.current_task_state
    approve = reverse("wagtailadmin_pages:workflow_action", args=[spanish_page.pk, "approve", task_state.pk])
    assert client.post(approve, {"comment": ""}).status_code == 302
    client.logout()
    assert NEW_SENTENCE in client.get(path).content.decode()


def footer_buttons(html):
    """The buttons of the footer our template gives staff who send work to the Moderators."""
    footer = re.search(r'<footer class="footer translation-actions.*?</footer>', html, re.S)
    return re.findall(r"<button[^>]*>([^<]+)</button>", footer.group()) if footer else []


def test_an_editors_translation_footer_offers_submit_then_save_and_no_delete(client, spanish, editor, moderator):
    english = ProgramIndexPage.objects.get(locale__language_code="en")
    translation = synced_translation(english)
    spanish_page = english.get_translation(spanish)
    client.force_login(editor)
    props, html = editor_props(client, spanish_page)
    assert footer_buttons(html) == ["Submit for moderation", "Save draft"]
    # wagtail-localize's own footer, whose main button would be Delete or Lock, is hidden.
    assert ".js-translation-editor footer.footer { display: none; }" in html
    type_sentence(client, translation, segment_for(props, english.introduction), NEW_SENTENCE)
    revisions = spanish_page.revisions.count()
    response = client.post(reverse("save_translation_draft", args=[spanish_page.pk]))
    assert response.status_code == 302
    assert spanish_page.revisions.count() == revisions + 1
    assert NEW_SENTENCE in str(spanish_page.revisions.order_by("-created_at").first().content)
    assert NEW_SENTENCE not in Page.objects.get(pk=spanish_page.pk).specific.introduction
    client.force_login(moderator)
    assert footer_buttons(editor_props(client, spanish_page)[1]) == []
    # Moderators publish instead; the button's address saves nothing for them.
    assert client.post(reverse("save_translation_draft", args=[spanish_page.pk])).status_code in (302, 403)
    assert spanish_page.revisions.count() == revisions + 1


def test_the_reports_menu_has_one_translations_report(client, moderator):
    client.force_login(moderator)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("translation_status_report") in unescape(html)
    assert reverse("wagtail_localize:translations_report") not in unescape(html)


def test_an_editor_syncing_english_changes_cannot_publish_them(client, spanish, editor):
    english = ProgramIndexPage.objects.get(locale__language_code="en")
    translation = synced_translation(english)
    publish_english(english, introduction="A changed English introduction.")
    client.force_login(editor)
    url = reverse("wagtail_localize:update_translations", args=[translation.source.pk])
    assert 'name="publish_translations"' not in client.get(url).content.decode()
    client.post(url, {"publish_translations": "on"})
    client.logout()
    assert "A changed English introduction." not in client.get(english.get_translation(spanish).url).content.decode()


# --- PO files for outside translators -------------------------------------


def test_a_moderator_downloads_the_po_file_and_an_uploaded_one_changes_the_translation(
    client, spanish, moderator, django_capture_on_commit_callbacks
):
    english = ProgramIndexPage.objects.get(locale__language_code="en")
    translation = synced_translation(english)
    spanish_page = english.get_translation(spanish)
    client.force_login(moderator)
    props, _ = editor_props(client, spanish_page)

    response = client.get(props["links"]["downloadPofile"])
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith("-es.po")
    po = polib.pofile(response.content.decode())
    entry = next(entry for entry in po if entry.msgid == english.introduction)

    entry.msgstr = NEW_SENTENCE
    upload = SimpleUploadedFile("traduccion.po", str(po).encode(), content_type="text/x-gettext-translation")
    response = client.post(
        props["links"]["uploadPofile"], {"file": upload, "next": edit_url(spanish_page)}, follow=True
    )
    assert "Successfully imported translations from PO File." in response.content.decode()
    assert NEW_SENTENCE in StringTranslation.objects.filter(
        translation_of__data=english.introduction, locale=spanish
    ).values_list("data", flat=True)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit_url(spanish_page), {"action": "publish"})
    client.logout()
    assert NEW_SENTENCE in client.get(spanish_page.url).content.decode()
    assert translation.get_progress()[1] >= 1


# --- outdated translations and the report ---------------------------------


def test_a_translation_is_flagged_outdated_when_the_english_changes_and_clear_after_sync(client, spanish, moderator):
    english = ProgramIndexPage.objects.get(locale__language_code="en")
    translation = synced_translation(english)
    spanish_page = english.get_translation(spanish)
    client.force_login(moderator)
    assert "Outdated" not in (report_row(report(client, status="outdated,up_to_date"), english.title) or "")

    publish_english(english, introduction="A changed English introduction.")
    row = report_row(report(client), english.title)
    assert row and "Outdated" in row
    update_url = reverse("wagtail_localize:update_translations", args=[translation.source.pk])
    assert update_url in row
    _, html = editor_props(client, spanish_page)
    assert "The English page has changed since this translation was last updated." in html

    client.post(update_url, {})
    assert report_row(report(client), english.title) is None
    assert "Up to date" in report_row(report(client, status="up_to_date"), english.title)


def test_the_site_wide_content_is_flagged_outdated_when_its_english_changes(client, spanish, moderator):
    english = SiteWideContent.objects.get(locale__language_code="en")
    synced_translation(english)
    client.force_login(moderator)
    assert report_row(report(client), str(english)) is None
    english.quick_exit_label = "Leave now"
    english.save()
    row = report_row(report(client), str(english))
    assert row and "Outdated" in row


def test_the_report_lists_what_has_no_spanish_version_with_a_translate_button(client, moderator):
    client.force_login(moderator)
    html = report(client)
    home = HomePage.objects.get(locale__language_code="en")
    row = report_row(html, home.title)
    assert row and "No translation" in row
    assert reverse("wagtail_localize:submit_page_translation", args=[home.pk]) in row
    english = SiteWideContent.objects.get(locale__language_code="en")
    row = report_row(html, str(english))
    assert reverse("wagtail_localize:submit_snippet_translation", args=["home", "sitewidecontent", english.pk]) in row
    only_pages = report(client, kind="page")
    assert report_row(only_pages, str(english)) is None and report_row(only_pages, home.title)


def test_the_report_counts_translated_pages_as_done(client, spanish, moderator):
    client.force_login(moderator)
    # Every page and the site-wide content have a published Spanish version.
    assert report_rows(report(client)) == []
    done = report_rows(report(client, status="up_to_date"))
    assert len(done) == Page.objects.filter(locale__language_code="en", depth__gt=1).count() + 1
    assert all("Up to date" in row for row in done)


def test_the_report_makes_as_many_queries_for_a_big_site_as_for_a_small_one(client, moderator):
    client.force_login(moderator)
    url = reverse("translation_status_report")
    client.get(url)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    before = queries()
    index = NewsIndexPage.objects.get(locale__language_code="en")
    for number in range(15):
        index.add_child(instance=StandardPage(title=f"Extra page {number}", slug=f"extra-{number}"))
    client.get(url)
    assert queries() == before
    assert len(report_rows(client.get(url).content.decode())) >= 15


def test_the_dashboard_points_to_what_needs_translating(client, editor, form_manager):
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("translation_status_report") in html
    assert "have no published translation" in html
    client.force_login(form_manager)
    assert reverse("translation_status_report") not in client.get(reverse("wagtailadmin_home")).content.decode()


# --- machine translation --------------------------------------------------


def settings_with(env):
    """WAGTAILLOCALIZE_MACHINE_TRANSLATOR as production settings read it from `env`."""
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps(getattr(settings, 'WAGTAILLOCALIZE_MACHINE_TRANSLATOR', None)))"
    )
    clean = {key: value for key, value in os.environ.items() if not key.startswith("DEEPL_")}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "DJANGO_SETTINGS_MODULE": "wpa_site.settings.base", **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_machine_translation_is_off_without_a_key_and_the_editor_offers_none(client, spanish, moderator):
    assert settings_with({}) is None
    assert not hasattr(settings, "WAGTAILLOCALIZE_MACHINE_TRANSLATOR")
    english = ProgramIndexPage.objects.get(locale__language_code="en")
    synced_translation(english)
    client.force_login(moderator)
    props, _ = editor_props(client, english.get_translation(spanish))
    assert props["machineTranslator"] is None


def test_a_deepl_key_switches_on_deepl(db):
    configured = settings_with({"DEEPL_API_KEY": "a-key:fx", "DEEPL_FORMALITY": "prefer_more"})
    assert configured["CLASS"] == "wagtail_localize.machine_translators.deepl.DeepLTranslator"
    assert configured["OPTIONS"] == {"AUTH_KEY": "a-key:fx", "FORMALITY": "prefer_more"}


# --- the acceptance test --------------------------------------------------


@override_settings(PAGE_CACHE_SECONDS=3600)
def test_a_moderator_changes_a_spanish_sentence_and_visitors_see_it_at_once(
    client, spanish, django_capture_on_commit_callbacks
):
    cache.clear()
    english = ProgramIndexPage.objects.get(locale__language_code="en")
    translation = synced_translation(english)
    spanish_page = english.get_translation(spanish)
    visitor = type(client)()
    english_before = visitor.get(english.url).content.decode()
    assert english.introduction in english_before
    assert NEW_SENTENCE not in visitor.get(spanish_page.url).content.decode()  # now in the page cache

    staff = type(client)()
    staff.force_login(make_staff("moderator", "Moderators"))
    props, _ = editor_props(staff, spanish_page)
    type_sentence(staff, translation, segment_for(props, english.introduction), NEW_SENTENCE)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(edit_url(spanish_page), {"action": "publish"}, follow=True)
    assert "Published" in response.content.decode()

    assert NEW_SENTENCE in visitor.get(spanish_page.url).content.decode()
    english_after = visitor.get(english.url).content.decode()
    assert NEW_SENTENCE not in english_after
    assert english.introduction in english_after
    cache.clear()


def test_the_editor_may_put_and_delete_sentences_but_nowhere_else_in_the_admin(client, moderator):
    client.force_login(moderator)
    home = HomePage.objects.get(locale__language_code="en")
    assert client.generic("PUT", edit_url(home)).status_code == 405
    assert client.generic("DELETE", edit_url(home)).status_code == 405
