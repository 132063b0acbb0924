import pytest
from django.contrib.auth import get_user_model

from tests.admin_helpers import PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def editor_live_server(seeded_live_server):
    get_user_model().objects.create_superuser("editor", "editor@example.org", PASSWORD)
    return seeded_live_server


def collect_csp_violations(page):
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    page.on("pageerror", lambda error: violations.append(f"page error: {error}"))
    return violations


def test_the_admin_works_under_its_policy_with_no_csp_violations(editor_live_server, browser_page):
    from home.models import HomePage

    base_url = editor_live_server.url
    violations = collect_csp_violations(browser_page)

    sign_in(browser_page, base_url, "editor")
    assert browser_page.locator("#wagtail-sidebar").count() == 1

    home = HomePage.objects.get(locale__language_code="en")
    browser_page.goto(f"{base_url}/admin/pages/{home.pk}/edit/")
    browser_page.wait_for_load_state("networkidle")
    # The editor's scripts ran: the title field is wired to its controller.
    assert browser_page.locator("[data-controller~='w-sync'], [data-controller~='w-form']").count() > 0

    # The side panel preview frames the page from the admin's own origin.
    browser_page.locator("[data-side-panel-toggle='preview']").click()
    frame = browser_page.frame_locator("#w-preview-iframe")
    frame.locator("main").wait_for()
    assert frame.locator("main").count() == 1

    browser_page.goto(base_url + "/admin/images/add/")
    browser_page.wait_for_load_state("networkidle")
    browser_page.goto(base_url + "/admin/pages/")
    browser_page.wait_for_load_state("networkidle")

    assert violations == []


def test_public_pages_render_with_no_csp_violations_even_with_the_userbar(editor_live_server, browser_page):
    base_url = editor_live_server.url
    violations = collect_csp_violations(browser_page)

    response = browser_page.goto(base_url + "/")
    assert response.status == 200
    stylesheet_applied = browser_page.evaluate("document.styleSheets.length > 0")
    assert stylesheet_applied

    sign_in(browser_page, base_url, "editor")
    browser_page.goto(base_url + "/")
    browser_page.wait_for_load_state("networkidle")
    assert browser_page.locator("wagtail-userbar").count() == 1

    assert violations == []
