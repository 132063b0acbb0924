"""The Connect journey and the quick exit, by keyboard, in a real browser."""

import pytest
from django.core.cache import cache
from wagtail.contrib.forms.models import FormSubmission

from home.models import SafetySettings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server, seeded, settings):
    settings.CONNECT_MIN_FILL_SECONDS = 0
    cache.clear()
    # No internet here: the neutral site is a page of this one.
    labels = SafetySettings.objects.get()
    labels.quick_exit_url = live_server.url + "/in-the-news/"
    labels.save()
    return live_server


def focused(page, expression="document.activeElement"):
    return page.evaluate(
        f"""(() => {{ const el = {expression};
        return {{id: el.id, name: el.name || '', text: (el.textContent || '').trim(),
                 cls: el.className || '', value: el.value || ''}}; }})()"""
    )


def tab_until(page, predicate, limit=60):
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = focused(page)
        if predicate(element):
            return element
    raise AssertionError("Tab never reached the expected element")


def test_the_whole_connect_journey_by_keyboard(site, browser_page):
    page = browser_page
    page.goto(site.url + "/connect/")

    tab_until(page, lambda el: el["name"] == "how_can_we_help")
    page.keyboard.press("ArrowDown")  # the second answer
    assert page.locator("#id_how_can_we_help_1").is_checked()
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_how_should_we_reach_you"
    page.keyboard.type("555-0100")
    page.keyboard.press("Tab")
    page.keyboard.type("Maria")
    page.keyboard.press("Tab")
    page.keyboard.type("she/her")
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_your_message"
    page.keyboard.type("My daughter needs support.")
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Send"
    page.keyboard.press("Enter")

    page.wait_for_url(site.url + "/connect/sent/")
    assert page.locator("h1").inner_text() == "Thank you"
    data = FormSubmission.objects.get().form_data
    assert data["how_can_we_help"] == "I’m a family member or friend"
    assert data["how_should_we_reach_you"] == "555-0100"
    assert data["your_message"] == "My daughter needs support."

    # Reloading the confirmation sends nothing twice.
    page.reload()
    assert FormSubmission.objects.count() == 1


def test_an_invalid_message_focuses_the_error_summary_and_keeps_what_was_typed(site, browser_page):
    page = browser_page
    page.goto(site.url + "/connect/")
    tab_until(page, lambda el: el["name"] == "how_can_we_help")
    page.keyboard.press("Space")
    tab_until(page, lambda el: el["id"] == "id_your_message")
    page.keyboard.type("Words I do not want to type twice.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    page.wait_for_selector(".error-summary")
    summary = focused(page)
    assert "error-summary" in summary["cls"]
    assert "There is a problem" in summary["text"]
    assert page.locator("#id_your_message").input_value() == "Words I do not want to type twice."
    assert page.locator("#id_how_can_we_help_0").is_checked()
    assert page.locator("#id_how_should_we_reach_you").get_attribute("aria-invalid") == "true"

    page.keyboard.press("Tab")
    assert focused(page)["text"].startswith("How should we reach you?")
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "id_how_should_we_reach_you"
    page.keyboard.type("me@example.org")
    tab_until(page, lambda el: el["text"] == "Send")
    page.keyboard.press("Enter")
    page.wait_for_url(site.url + "/connect/sent/")
    assert FormSubmission.objects.get().form_data["your_message"] == "Words I do not want to type twice."


def test_quick_exit_is_the_second_tab_stop_and_replaces_the_page(site, browser_page):
    page = browser_page
    page.goto(site.url + "/")
    page.goto(site.url + "/connect/")
    entries = page.evaluate("history.length")

    page.keyboard.press("Tab")
    assert focused(page)["cls"] == "skip-link"
    page.keyboard.press("Tab")
    quick_exit = focused(page)
    assert quick_exit["text"].startswith("Quick exit")
    page.keyboard.press("Enter")

    page.wait_for_url(site.url + "/in-the-news/")
    assert page.evaluate("history.length") == entries
    page.go_back()
    assert page.url != site.url + "/connect/"
    assert page.url == site.url + "/"


def test_pressing_escape_twice_leaves_at_once(site, browser_page):
    page = browser_page
    page.goto(site.url + "/connect/")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_url(site.url + "/in-the-news/")


def test_quick_exit_works_as_a_plain_link_without_javascript(site, chromium):
    context = chromium.new_context(java_script_enabled=False, viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(site.url + "/connect/")
    button = page.locator("[data-quick-exit]")
    assert button.is_visible()
    button.click()
    page.wait_for_url(site.url + "/in-the-news/")
    context.close()


def test_quick_exit_stays_visible_on_a_phone_after_scrolling(site, chromium):
    context = chromium.new_context(viewport={"width": 390, "height": 700})
    page = context.new_page()
    page.goto(site.url + "/")
    page.mouse.wheel(0, 3000)
    page.wait_for_timeout(200)
    box = page.locator("[data-quick-exit]").bounding_box()
    assert box is not None and 0 <= box["y"] < 100
    context.close()
