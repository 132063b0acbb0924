"""Helpers for tests that use the Wagtail admin as staff do."""

from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.fields import StreamField
from wagtail.test.utils.form_data import querydict_from_html

PASSWORD = "a-long-enough-test-password-1845"


def make_staff(django_user_model, username, *groups):
    user = django_user_model.objects.create_user(
        username, email=f"{username}@example.org", password=PASSWORD, first_name=username.title()
    )
    user.groups.add(*Group.objects.filter(name__in=groups))
    return user


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
