import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seeded_live_server(live_server, transactional_db):
    from django.core.management import call_command

    call_command("load_initial_data", verbosity=0)
    return live_server


def test_home_page_loads_in_a_real_browser_with_a_working_skip_link(seeded_live_server, browser_page):
    response = browser_page.goto(seeded_live_server.url + "/")
    assert response.status == 200
    browser_page.keyboard.press("Tab")
    focused = browser_page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
