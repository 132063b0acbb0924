"""Helpers for tests that use the Wagtail admin as staff do: staff members in
their roles, signing in, and the admin's edit forms as a browser posts them.

The fixtures `editor`, `moderator` and `form_manager` (tests/conftest.py)
make the seeded site's staff with these."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from wagtail.fields import StreamField
from wagtail.test.utils.form_data import querydict_from_html

PASSWORD = "a-long-enough-test-password-1845"


def make_staff(username, *groups):
    """A staff member in the named roles (groups, which must exist), who signs in with PASSWORD."""
    user = get_user_model().objects.create_user(
        username, email=f"{username}@example.org", password=PASSWORD, first_name=username.title()
    )
    user.groups.add(*(Group.objects.get(name=name) for name in groups))
    return user


def signed_in_client(username, *groups):
    """A test client of its own, signed in as a new staff member in the named roles."""
    client = Client()
    client.force_login(make_staff(username, *groups))
    return client


def sign_in(page, base_url, username, password=PASSWORD):
    """Sign in through the admin's login form in a real browser's `page`."""
    page.goto(f"{base_url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base_url}/admin/")


def form_data(client, url, model, form_id="w-editor-form"):
    """What the browser would post from the edit form at `url`, as loaded.

    StreamFields are built in the browser by JavaScript, so they are posted
    empty here; tests that use this change only plain fields.
    """
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    data = querydict_from_html(html, form_id=form_id)
    for field in model._meta.get_fields():
        if isinstance(field, StreamField) and f"{field.name}-count" not in data:
            data[f"{field.name}-count"] = "0"
    return data


def page_edit_data(client, page):
    return form_data(client, reverse("wagtailadmin_pages:edit", args=[page.pk]), type(page), "page-edit-form")


def press_item_edit_data(client, item):
    from news.models import PressItem

    return form_data(client, reverse("wagtailsnippets_news_pressitem:edit", args=[item.pk]), PressItem)


def post_edit(client, url, data, changes, action):
    data.update(changes)
    if action:
        data[f"action-{action}"] = f"action-{action}"
    return client.post(url, data)


def edit_page(client, page, changes, action=None):
    """Post `page`'s edit form as loaded with `changes` made, pressing the
    button of `action` ("publish", "submit"; None saves a draft)."""
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    return post_edit(client, url, page_edit_data(client, page), changes, action)


def edit_press_item(client, item, changes, action=None):
    """Post the press item's edit form as loaded with `changes` made, pressing the button of `action`."""
    url = reverse("wagtailsnippets_news_pressitem:edit", args=[item.pk])
    return post_edit(client, url, press_item_edit_data(client, item), changes, action)
