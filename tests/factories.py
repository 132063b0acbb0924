"""Small helpers that build pages and press items for tests."""

import itertools

from wagtail.models import PageViewRestriction

from home.models import HomePage, StandardPage
from news.models import PressItem
from programs.models import ProgramPage

_numbers = itertools.count(1)


def add_program(index, title=None, publish=True, **fields):
    number = next(_numbers)
    program = ProgramPage(title=title or f"Program {number}", summary=f"Summary of program {number}.", **fields)
    index.add_child(instance=program)
    if publish:
        program.save_revision().publish()
    else:
        program.live = False
        program.save_revision()
        program.save()
    return program


def add_press_item(publish=True, **fields):
    number = next(_numbers)
    values = {
        "outlet": f"Outlet {number}",
        "headline": f"Headline {number}",
        "quote": f"“Quote {number}.”",
        "featured": True,
    }
    values.update(fields)
    item = PressItem.objects.create(live=publish, **values)
    revision = item.save_revision()
    if publish:
        revision.publish()
    return item


def make_private(page):
    return PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="private-section"
    )


def add_about_page():
    """A standard page as staff write one, published under the home page at /about-wpa/; the seed has none."""
    page = StandardPage(title="About WPA", introduction="An introduction written by staff.")
    HomePage.objects.get(locale__language_code="en").add_child(instance=page)
    page.save_revision().publish()
    return page
