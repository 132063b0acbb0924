"""The language switch in a real browser: reached and used by keyboard alone,
and the Spanish pages clean under axe on a phone and a desktop."""

import pytest

from tests.accessibility import axe_violations, pages_at_each_width
from tests.pages import add_spanish_versions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def a_program_in_both_languages():
    from programs.models import ProgramPage

    spanish = add_spanish_versions()
    english = ProgramPage.objects.live().filter(locale__language_code="en").order_by("path").first()
    return english, english.get_translation(spanish)


def tab_to_language_switch(page, limit=20):
    """Press Tab until the language switch's link has the focus; fails if it never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('.lang-switch')"):
            return page.evaluate("document.activeElement.getAttribute('hreflang')")
    raise AssertionError("Tab never reached the language switch")


def focus_is_visible(page):
    """The focused element draws an outline (the site's focus ring) and matches :focus-visible."""
    return page.evaluate(
        """() => {
            const element = document.activeElement;
            const style = getComputedStyle(element);
            return element.matches(':focus-visible') && style.outlineStyle !== 'none'
                && parseFloat(style.outlineWidth) >= 2;
        }"""
    )


@pytest.mark.parametrize("width", [390, 1280])
def test_a_visitor_switches_a_program_page_to_spanish_and_back_by_keyboard(seeded_live_server, chromium, width):
    english, spanish = a_program_in_both_languages()
    context = chromium.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.goto(seeded_live_server.url + english.url)
        switch = page.locator(".lang-switch a")
        assert switch.is_visible()
        assert switch.text_content() == "Español"

        assert tab_to_language_switch(page) == "es"
        assert focus_is_visible(page)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.url == seeded_live_server.url + spanish.url
        assert page.get_attribute("html", "lang") == "es"

        assert tab_to_language_switch(page) == "en"
        assert focus_is_visible(page)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.url == seeded_live_server.url + english.url
        assert page.get_attribute("html", "lang") == "en"
    finally:
        context.close()


def test_spanish_pages_have_no_axe_violations_on_phone_and_desktop(seeded_live_server, chromium):
    from home.models import HomePage

    _, spanish = a_program_in_both_languages()
    spanish_home = HomePage.objects.get(locale__language_code="es")
    for width, page in pages_at_each_width(chromium):
        for url in [spanish_home.url, spanish.url]:
            page.goto(seeded_live_server.url + url)
            assert page.locator(".lang-switch a").is_visible(), (width, url)
            assert axe_violations(page) == [], (width, url)
