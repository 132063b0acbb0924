"""Whatever staff type in a text field (percent signs, braces, template tags,
markup) the public pages and forms show it as text and never fail.

The fields are found from the models' `_meta` and the admin's edit forms, so
a text field added later is covered without changing this test."""

import re
import time
from html import escape, unescape

import pytest
from django.core import signing
from django.core.cache import cache
from django.db import models
from wagtail import blocks
from wagtail.admin.panels import get_edit_handler
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, Site

from home.models import ConnectFormField, ConnectPage, SiteWideContent
from home.models.settings import setting_models
from home.public_forms import STARTED_SALT, TOPIC_FIELD
from news.models import PressItem
from tests.pages import live_pages

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limits")]

HOSTILE = '100% %(x)s %s { } {{ x }} {% now "Y" %} <b>bold</b> &amp;'
ESCAPED_MARKUP = "&lt;b&gt;bold&lt;/b&gt;"
# A real element, even one cut short by a field's maximum length.
REAL_MARKUP = re.compile(r"<b>b|<b>$|</b>")
LITERALS = ['{% now "Y" %}', "{{ x }}", "100% %(x)s %s { }"]
PAGE_FIELDS_FROM_WAGTAIL = {"title", "seo_title", "search_description"}
# Addresses are not free text.
NOT_TEXT = (models.URLField, models.EmailField, models.SlugField)
NOT_TEXT_BLOCKS = (blocks.URLBlock, blocks.EmailBlock, blocks.RawHTMLBlock, blocks.ChoiceBlock)


def hostile(max_length=None, tag=""):
    value = f"{HOSTILE}{tag}"
    return value[:max_length] if max_length else value


def hostile_rich_text(tag=""):
    """What the rich text editor stores when staff type the hostile words: HTML, with them escaped."""
    return f"<p>{escape(hostile(tag=tag), quote=False)}</p>"


def admin_form_fields(model):
    """The fields and inline formsets (relation name → fields) staff edit in the admin."""
    handler = model.get_edit_handler() if issubclass(model, Page) else get_edit_handler(model)
    options = handler.get_form_options()
    formsets = {
        name: set(formset.get("fields", []))
        for name, formset in (options.get("formsets") or {}).items()
        if not model._meta.get_field(name).related_model._meta.app_label.startswith("wagtail")
    }
    return set(options.get("fields", [])), formsets


def is_staff_text(field, model, in_admin_form):
    if not isinstance(field, models.CharField | models.TextField) or isinstance(field, NOT_TEXT):
        return False
    if not field.editable or field.choices or field.name not in in_admin_form:
        return False
    if issubclass(model, Page) and field.model is Page:
        return field.name in PAGE_FIELDS_FROM_WAGTAIL
    # Addresses and the like are checked by validators: not free text.
    return not [v for v in field.validators if type(v).__module__ != "django.core.validators"]


def text_fields(model, in_admin_form):
    return [field for field in model._meta.concrete_fields if is_staff_text(field, model, in_admin_form)]


def stream_fields(model, in_admin_form):
    fields = model._meta.concrete_fields
    return [field for field in fields if isinstance(field, StreamField) and field.name in in_admin_form]


def fill_block(block, raw, tag):
    """`raw` (a block's JSON value) with every plain text block's words made hostile."""
    if isinstance(block, blocks.StreamBlock):
        for child in raw or []:
            if child["type"] in block.child_blocks:
                child["value"] = fill_block(block.child_blocks[child["type"]], child["value"], tag)
        return raw
    if isinstance(block, blocks.ListBlock):
        return [
            {**item, "value": fill_block(block.child_block, item["value"], tag)}
            if isinstance(item, dict) and item.get("type") == "item"
            else fill_block(block.child_block, item, tag)
            for item in raw or []
        ]
    if isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            if isinstance(raw, dict) and name in raw:
                raw[name] = fill_block(child, raw[name], tag)
        return raw
    if isinstance(block, blocks.RichTextBlock):
        tag[0] += 1
        return hostile_rich_text(f" {tag[0]}")
    if isinstance(block, blocks.CharBlock | blocks.TextBlock) and not isinstance(block, NOT_TEXT_BLOCKS):
        tag[0] += 1
        return hostile(block.field.max_length, f" {tag[0]}")
    return raw


def fill(instance, fields, streams, tag):
    for field in fields:
        tag[0] += 1
        if isinstance(field, RichTextField):
            setattr(instance, field.name, hostile_rich_text(f" {tag[0]}"))
        else:
            setattr(instance, field.name, hostile(field.max_length, f" {tag[0]}"))
    for field in streams:
        raw = field.stream_block.get_prep_value(getattr(instance, field.name))
        setattr(instance, field.name, field.stream_block.to_python(fill_block(field.stream_block, raw, tag)))
    return [field.name for field in fields] + [field.name for field in streams]


def fill_every_text_field():
    """Make every staff-editable text of the site hostile; return what was filled, per model."""
    filled = {}
    tag = [0]
    for page in Page.objects.filter(depth__gt=1).specific():
        model = type(page)
        in_form, formsets = admin_form_fields(model)
        names = fill(page, text_fields(model, in_form), stream_fields(model, in_form), tag)
        for relation, child_fields in formsets.items():
            child_model = page._meta.get_field(relation).related_model
            children = list(getattr(page, relation).all())
            if isinstance(page, ConnectPage):
                children.append(ConnectFormField(label="", field_type="checkboxes", required=False))
            for child in children:
                fill(child, text_fields(child_model, child_fields), [], tag)
                if getattr(child, "field_type", None) in ("checkboxes", "radio", "dropdown", "multiselect"):
                    child.choices = f"{HOSTILE} A\n{HOSTILE} B"
                    child.default_value = f"{HOSTILE} A"
            setattr(page, relation, children)
            names += [f"{relation}.{field.name}" for field in text_fields(child_model, child_fields)]
        page.save_revision().publish()
        filled.setdefault(model.__name__, names)

    for model in [SiteWideContent, PressItem]:
        in_form, _ = admin_form_fields(model)
        for instance in model.objects.all():
            names = fill(instance, text_fields(model, in_form), stream_fields(model, in_form), tag)
            if hasattr(instance, "save_revision"):
                instance.save_revision().publish()
            else:
                instance.save()
            filled.setdefault(model.__name__, names)

    site = Site.objects.get(is_default_site=True)
    for model in setting_models():
        assert issubclass(model, BaseSiteSetting)
        in_form, _ = admin_form_fields(model)
        instance = model.for_site(site)
        filled[model.__name__] = fill(instance, text_fields(model, in_form), stream_fields(model, in_form), tag)
        instance.save()
    return filled


def started(seconds_ago=60):
    return signing.dumps(time.time() - seconds_ago, salt=STARTED_SALT)


def problems_in(label, response, expect_text=True):
    """What is wrong with one response, as readable lines."""
    found = []
    if response.status_code >= 500:
        return [f"{label}: status {response.status_code}"]
    if "text/html" not in response.get("Content-Type", "") or response.status_code in (301, 302, 303):
        return found
    html = response.content.decode()
    if REAL_MARKUP.search(html):
        snippet = html[max(0, REAL_MARKUP.search(html).start() - 120) :][:240]
        found.append(f"{label}: staff markup rendered as a real element: …{snippet}…")
    if expect_text:
        if ESCAPED_MARKUP not in html:
            found.append(f"{label} ({response.status_code}): hostile text not shown escaped")
        shown = unescape(html)
        found += [f"{label}: {literal!r} not shown literally" for literal in LITERALS if literal not in shown]
    return found


def test_hostile_text_in_every_field_never_breaks_a_page_or_a_form(seeded, client):
    filled = fill_every_text_field()
    assert filled["ConnectPage"] and filled["HomePage"] and filled["SiteWideContent"] and filled["PressItem"]
    assert "form_fields.label" in filled["ConnectPage"] and "statistics.label" in filled["HomePage"]
    assert "organization_name" in filled["OrganizationSettings"]

    problems = []

    def check(label, response, expect_text=True):
        problems.extend(problems_in(label, response, expect_text))
        return response

    for page in live_pages():
        url = page.url
        check(f"GET {url} ({type(page).__name__})", client.get(url))
    check("GET /search/", client.get("/search/", {"q": HOSTILE}))
    check("GET /search/ (a word of it)", client.get("/search/", {"q": "bold"}))
    check("GET a 404", client.get("/no-such-page-here/"))
    check("GET /sitemap.xml", client.get("/sitemap.xml"), expect_text=False)

    check("GET /newsletter/", client.get("/newsletter/"))
    check("POST /newsletter/ invalid", client.post("/newsletter/", {"email": "not-an-email", "first_name": HOSTILE}))
    valid = check("POST /newsletter/ valid", client.post("/newsletter/", {"email": "a@example.org", "first_name": ""}))
    assert valid.status_code == 303, f"newsletter sign-up not accepted: {valid.status_code}"
    check(f"GET {valid['Location']}", client.get(valid["Location"]))

    cache.clear()
    connect = ConnectPage.objects.get(locale__language_code="en")
    route = connect.routes[0].value["label"]
    choices = ConnectFormField.objects.get(page=connect, field_type="checkboxes")
    answers = {
        TOPIC_FIELD: route,
        "how_should_we_reach_you": "reporter@example.org",
        "your_message": HOSTILE,
        choices.clean_name: [f"{HOSTILE} A", f"{HOSTILE} B"],
        "website": "",
        "form_started": started(),
    }
    check(f"GET {connect.url}", client.get(connect.url))
    check(f"POST {connect.url} empty", client.post(connect.url, {"website": "", "form_started": started()}))
    sent = check(f"POST {connect.url} valid", client.post(connect.url, answers))
    assert sent.status_code == 303, f"Connect message not accepted: {sent.status_code} {problems}"
    check(f"GET {sent['Location']}", client.get(sent["Location"]))
    for _ in range(10):
        if client.post(connect.url, answers).status_code != 303:
            break
    limited = check(f"POST {connect.url} rate-limited", client.post(connect.url, answers))
    assert limited.status_code == 429, f"expected the rate limit, got {limited.status_code}"

    assert not problems, "\n".join(problems)
