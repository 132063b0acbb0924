"""The public site in a real Chromium: accessibility (axe-core), keyboard use,
narrow screens and the menu with and without JavaScript."""

import pytest
from django.core.management import call_command

from tests.accessibility import axe_violations, pages_at_each_width
from tests.factories import add_about_page
from tests.pages import add_spanish_versions, expected_status, page_type_paths_in_both_languages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(seeded_live_server):
    """The seeded site with the about page, and each page in Spanish too."""
    add_about_page()
    add_spanish_versions()
    call_command("update_index", verbosity=0)
    return seeded_live_server


def test_every_page_type_has_no_axe_violations_on_phone_and_desktop_in_both_languages(site, chromium):
    found = {}
    paths = page_type_paths_in_both_languages()
    for width, page in pages_at_each_width(chromium):
        for name, path in paths.items():
            response = page.goto(site.url + path)
            assert response.status == expected_status(name), path
            if violations := axe_violations(page):
                found[f"{name} at {width}px"] = violations
    assert found == {}


def focus_style(page):
    return page.evaluate(
        """() => {
            const style = getComputedStyle(document.activeElement);
            return {outline: style.outlineStyle, width: parseFloat(style.outlineWidth), shadow: style.boxShadow};
        }"""
    )


def assert_focus_visible(page):
    style = focus_style(page)
    assert (style["outline"] != "none" and style["width"] >= 2) or style["shadow"] != "none", style


def test_keyboard_journey_from_skip_link_through_the_menu_to_a_program(site, chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site.url + "/")

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert_focus_visible(page)

    # Then the quick exit and its safety notice, which come before everything else.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('quick-exit__button')")
    assert_focus_visible(page)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('quick-exit__info')")

    page.keyboard.press("Tab")  # the organization's name, linking home
    page.keyboard.press("Tab")  # the page in Spanish, next to the name on a phone
    assert page.evaluate("document.activeElement.getAttribute('hreflang')") == "es"
    assert_focus_visible(page)
    page.keyboard.press("Tab")  # Get help, the first of the header's buttons
    assert page.evaluate("document.activeElement.textContent.trim()") == "Get help"
    assert_focus_visible(page)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Our Care Model"
    assert page.evaluate("document.activeElement.closest('nav') !== null")
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    page.wait_for_url("**/our-care-model/")

    # Tab past the skip link, the menu and search to the first program card.
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('card__link')"):
            break
    assert page.evaluate("document.activeElement.textContent.trim()") == "Learn about Community-Based Supports"
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    page.wait_for_url("**/community-based-supports/")
    assert page.locator("h1").inner_text() == "Community-Based Supports"
    context.close()


def test_no_page_scrolls_sideways_at_320_pixels_in_either_language(site, chromium):
    context = chromium.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    wide = {}
    for name, path in page_type_paths_in_both_languages().items():
        page.goto(site.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            wide[name] = width
    page.goto(site.url + "/")
    page.locator("summary").click()
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > 320:
        wide["home with the menu open"] = width
    context.close()
    assert wide == {}


# Each word of every heading, as the reader sees it: the words whose letters
# sit on more than one line, though the page is wide enough for them (a
# column too narrow for its headings' words is a fault of the layout).
BROKEN_HEADING_WORDS = """() => {
  const broken = [];
  const room = window.innerWidth * 0.9;
  for (const heading of document.querySelectorAll("main h1, main h2, main h3")) {
    const walker = document.createTreeWalker(heading, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const word of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
        const width = [...range.getClientRects()].reduce((sum, rect) => sum + rect.width, 0);
        if (lines.size > 1 && width < room) broken.push(word[0]);
      }
    }
  }
  return broken;
}"""


def test_no_heading_breaks_a_word_where_its_line_has_room(site, chromium):
    broken = {}
    paths = page_type_paths_in_both_languages()
    for width in (390, 1280, 1440):
        context = chromium.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        for name, path in paths.items():
            page.goto(site.url + path)
            if words := page.evaluate(BROKEN_HEADING_WORDS):
                broken[f"{name} at {width}px"] = words
        context.close()
    assert broken == {}


def test_each_answer_to_choose_is_a_row_at_least_44_pixels_tall_that_a_tap_anywhere_chooses(site, chromium):
    context = chromium.new_context(viewport={"width": 390, "height": 900}, has_touch=True)
    page = context.new_page()
    for path in ("/connect/", "/es/contacto/"):
        page.goto(site.url + path)
        rows = page.locator(".choice")
        assert rows.count() >= 2, path
        for index in range(rows.count()):
            row = rows.nth(index)
            row.evaluate("row => row.scrollIntoView({block: 'center'})")
            box = row.bounding_box()
            assert box["height"] >= 44, (path, row.inner_text(), box)
            # The far end of the row, away from the button and its words.
            page.touchscreen.tap(box["x"] + box["width"] - 4, box["y"] + box["height"] / 2)
            assert row.locator("input").is_checked(), (path, row.inner_text())
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_phone_menu_opens_and_closes(site, chromium, javascript):
    context = chromium.new_context(viewport={"width": 390, "height": 800}, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(site.url + "/")
    link = page.get_by_role("link", name="Our Care Model", exact=True)
    toggle = page.locator("summary.site-menu__toggle")

    assert not link.is_visible()
    toggle.click()
    assert link.is_visible()
    toggle.click()
    assert not link.is_visible()

    if javascript:
        toggle.click()
        assert link.is_visible()
        page.keyboard.press("Escape")
        assert not link.is_visible()
        assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
        toggle.click()
        assert link.is_visible()
        page.mouse.click(200, 760)
        assert not link.is_visible()
    context.close()


def test_wide_screens_show_the_menu_as_a_row_of_links_without_javascript(site, chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    page.goto(site.url + "/")
    assert not page.locator("summary.site-menu__toggle").is_visible()
    links = page.locator(".site-menu__link")
    assert links.count() == 3
    tops = {round(links.nth(index).bounding_box()["y"]) for index in range(3)}
    assert len(tops) == 1
    context.close()


def test_the_newsletter_and_expired_form_pages_have_no_axe_violations_in_both_languages(site, chromium):
    from home.models import ConnectPage
    from home.newsletter.models import NewsletterSignup

    connect_urls = {page.locale.language_code: page.url for page in ConnectPage.objects.select_related("locale")}
    reader = NewsletterSignup.objects.create(email="reader@example.org", consent_text="Yes.")
    newsletter = {
        "sign-up": ("/newsletter/", 200),
        "thanks": ("/newsletter/thanks/", 200),
        "confirm": (f"/newsletter/confirm/{reader.confirmation_token()}/", 200),
        "link no longer valid": ("/newsletter/confirm/no-longer-valid/", 400),
    }
    found = {}
    for width, page in pages_at_each_width(chromium):
        for language, prefix in (("en", ""), ("es", "/es")):
            for name, (path, status) in newsletter.items():
                assert page.goto(site.url + prefix + path).status == status, path
                if violations := axe_violations(page):
                    found[f"{name} ({language}) at {width}px"] = violations
            # A Connect form sent after its cookie is gone comes back with what was typed.
            page.goto(site.url + connect_urls[language])
            page.locator("main textarea").first.fill("Please call after 6pm.")
            page.context.clear_cookies()
            with page.expect_navigation():
                page.locator("main form button[type=submit]").click()
            assert page.locator("main textarea").first.input_value() == "Please call after 6pm."
            if violations := axe_violations(page):
                found[f"Connect, form expired ({language}) at {width}px"] = violations
    assert found == {}
