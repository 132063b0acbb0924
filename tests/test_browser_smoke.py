import pytest
from django.utils import translation

from home.models import HomePage
from tests.pages import add_spanish_versions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_loads_in_a_real_browser_with_a_working_skip_link(seeded_live_server, browser_page):
    response = browser_page.goto(seeded_live_server.url + "/")
    assert response.status == 200
    browser_page.keyboard.press("Tab")
    focused = browser_page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"


def test_spanish_home_page_loads_in_spanish_with_a_working_skip_link(seeded_live_server, browser_page):
    spanish = add_spanish_versions()
    home = HomePage.objects.get(locale__language_code="en").get_translation(spanish)
    response = browser_page.goto(seeded_live_server.url + home.url)
    assert response.status == 200
    assert response.headers["content-language"] == "es"
    assert browser_page.evaluate("document.documentElement.lang") == "es"
    browser_page.keyboard.press("Tab")
    focused = browser_page.evaluate("document.activeElement.textContent.trim()")
    with translation.override("es"):
        assert focused == translation.gettext("Skip to main content")
