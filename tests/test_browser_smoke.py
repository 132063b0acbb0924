import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_loads_in_a_real_browser_with_a_working_skip_link(seeded_live_server, browser_page):
    response = browser_page.goto(seeded_live_server.url + "/")
    assert response.status == 200
    browser_page.keyboard.press("Tab")
    focused = browser_page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
