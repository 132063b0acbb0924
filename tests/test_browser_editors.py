"""Staff journeys in a real browser: publish, submit for moderation, approve,
and the doors an Editor finds closed."""

import re

import pytest
from django.core.cache import cache

from home.models import HomePage
from tests.admin_helpers import PASSWORD, make_staff, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORT = {"width": 1280, "height": 900}


@pytest.fixture
def site(live_server, seeded, settings):
    # The anonymous page cache is on, as in production, so the tests prove
    # that publishing reaches visitors through it.
    settings.PAGE_CACHE_SECONDS = 3600
    cache.clear()
    return live_server


@pytest.fixture
def browser_context(chromium):
    contexts = []

    def new_context():
        context = chromium.new_context(viewport=VIEWPORT)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    yield new_context
    for context in contexts:
        context.close()


def log_in(new_context, base_url, username):
    """A fresh browser that signs in through the admin's login form."""
    page = new_context().new_page()
    sign_in(page, base_url, username)
    return page


def open_home_page_from_explorer(page, base_url):
    page.goto(f"{base_url}/admin/pages/")
    home = HomePage.objects.get(locale__language_code="en")
    # The Spanish home page has the same title: the English one is the link to its own editor.
    page.get_by_role("link", name=home.title, exact=True).and_(
        page.locator(f'[href$="/admin/pages/{home.pk}/edit/"]')
    ).first.click()
    page.wait_for_url(re.compile(rf"/admin/pages/{home.pk}/edit/$"))
    page.get_by_role("tab", name="Opening & figures").click()


def first_statistic_field(page):
    return page.locator('input[name="statistics-0-value"]')


def action_menu_labels(page):
    """The labels of every action in the editor's footer, the ones under the
    "More actions" arrow included."""
    page.get_by_role("button", name="More actions").click()
    footer = page.get_by_role("navigation", name="Actions (footer)")
    footer.get_by_role("button").last.wait_for()
    return [" ".join(label.split()) for label in footer.locator("button, a").all_inner_texts() if label.strip()]


def visitor_sees(new_context, base_url, cache_state=None):
    """What an anonymous visitor, in a browser of their own, reads on the home page."""
    page = new_context().new_page()
    response = page.goto(f"{base_url}/")
    if cache_state:
        assert response.headers.get("x-page-cache") == cache_state
    return page.locator("main").inner_text()


def test_administrator_changes_the_first_statistic_and_visitors_see_it_at_once(site, browser_context, admin_user):
    admin_user.set_password(PASSWORD)
    admin_user.save()
    # Visitors have the home page, and the page cache holds it.
    assert "500+" in visitor_sees(browser_context, site.url)
    assert "500+" in visitor_sees(browser_context, site.url, cache_state="hit")

    page = log_in(browser_context, site.url, admin_user.username)
    open_home_page_from_explorer(page, site.url)
    field = first_statistic_field(page)
    assert field.input_value() == "500+"
    field.fill("650+")
    assert "Publish" in action_menu_labels(page)
    page.get_by_role("button", name="Publish", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    assert "has been published" in page.locator(".messages").inner_text()

    seen = visitor_sees(browser_context, site.url)
    assert "650+" in seen
    assert "500+" not in seen


def test_editor_submits_for_moderation_and_a_moderator_approves_it_live(site, browser_context):
    make_staff("editor", "Editors")
    make_staff("moderator", "Moderators")

    editor = log_in(browser_context, site.url, "editor")
    open_home_page_from_explorer(editor, site.url)
    first_statistic_field(editor).fill("700+")
    labels = action_menu_labels(editor)
    assert "Submit for moderation" in labels
    assert "Publish" not in labels
    assert editor.locator('button[name="action-publish"]').count() == 0
    editor.get_by_role("button", name="Submit for moderation").click()
    editor.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    assert "has been submitted for moderation" in editor.locator(".messages").inner_text()
    assert "700+" not in visitor_sees(browser_context, site.url)

    moderator = log_in(browser_context, site.url, "moderator")
    review = moderator.get_by_role("region", name="Awaiting your review")
    home = HomePage.objects.get(locale__language_code="en")
    review.get_by_role("link", name=home.title).first.click()
    moderator.wait_for_url(re.compile(rf"/admin/pages/{home.pk}/edit/$"))
    assert first_statistic_field(moderator).input_value() == "700+"
    labels = action_menu_labels(moderator)
    assert "Approve and Publish" in labels
    moderator.get_by_role("button", name="Approve and Publish", exact=True).click()
    moderator.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    assert "has been updated" in moderator.locator(".messages").inner_text()

    seen = visitor_sees(browser_context, site.url)
    assert "700+" in seen
    assert "500+" not in seen


def test_editor_cannot_open_user_management_or_site_settings(site, browser_context):
    make_staff("editor", "Editors")
    editor = log_in(browser_context, site.url, "editor")
    sidebar = editor.locator("#wagtail-sidebar")
    sidebar.get_by_role("link", name="Dashboard").wait_for()
    menu = sidebar.inner_text().splitlines()
    assert {"Pages", "Press items", "Images", "Documents"} <= set(menu)
    assert "Settings" not in menu
    assert "Users" not in menu
    for forbidden in ("/admin/users/", "/admin/groups/", "/admin/settings/home/organizationsettings/"):
        editor.goto(f"{site.url}{forbidden}")
        assert editor.url == f"{site.url}/admin/", forbidden
        assert "Sorry, you do not have permission to access this area." in editor.content(), forbidden
    assert editor.locator('a[href^="/admin/users/"]').count() == 0
    assert editor.locator('a[href^="/admin/settings/"]').count() == 0
