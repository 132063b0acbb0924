"""Small helpers that build pages and press items for tests."""

import itertools

from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

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


# Made-up figures for tests only: the seed has no chart data.
CHARTS = {
    "bar": [("Housing", "1250"), ("Clinical care", "840.5"), ("Employment", "97")],
    "stacked": [("Government", "55"), ("Foundations", "25"), ("Individuals", "20")],
    "donut": [("Programs", "820000"), ("Administration", "110000"), ("Fundraising", "70000")],
    "line": [("2021", "120"), ("2022", "180"), ("2023", "230"), ("2024", "402")],
}


def chart(kind, rows=None, **fields):
    """A ChartBlock value as the editor saves it; `rows` are (label, value) pairs."""
    value = {
        "kind": kind,
        "title": f"A {kind} chart",
        "summary": f"What the {kind} chart shows.",
        "unit": "",
        "rows_heading": "",
        "percentages": False,
        "rows": [{"label": label, "value": value} for label, value in (CHARTS[kind] if rows is None else rows)],
    }
    value.update(fields)
    return ("chart", value)


def add_charts_to_report(*charts, language="en"):
    """The seeded impact report in `language` with these charts (default: one of
    each kind) and a quote in its body, published. The report."""
    from home.models import ImpactReportPage

    report = ImpactReportPage.objects.get(locale__language_code=language)
    report.body = [
        *(charts or [chart(kind) for kind in CHARTS]),
        ("quote", {"quote": "“A quote.”", "attribution": ""}),
    ]
    report.save_revision().publish()
    return report


def add_image(title="Photo", size=(640, 480), colour=(90, 33, 80), description=None, **fields):
    """An uploaded image as staff add one, with its alt text (description)."""
    import io

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images.models import Image

    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, format="PNG")
    image = Image(title=title, description=description or f"{title}, described.", **fields)
    image.file.save(f"{title.lower().replace(' ', '-')}.png", ImageFile(buffer, name="image.png"), save=False)
    image.save()
    return image


def every_block(image):
    """A program body with one of each block staff can add."""
    return [
        ("paragraph", RichText('<p>Staff’s own words, with a <a href="https://example.org/">link</a>.</p>')),
        (
            "image",
            {
                "image": {"image": image, "alt_text": "Two chairs by a window", "decorative": False},
                "caption": "The room where we meet.",
            },
        ),
        ("quote", {"quote": "“They listened to me.”", "attribution": "A participant"}),
        (
            "steps",
            {
                "heading": "",
                "steps": [
                    {"title": "Write to us", "text": RichText("<p>Use the Connect form.</p>")},
                    {"title": "We call you back", "text": RichText("")},
                    {"title": "We meet", "text": RichText("<p>Bring what you have.</p>")},
                ],
            },
        ),
        (
            "questions",
            {
                "heading": "",
                "questions": [
                    {"question": "Is it free?", "answer": RichText("<p>An answer staff wrote.</p>")},
                    {"question": "Can I bring my children?", "answer": RichText("<p>Another answer.</p>")},
                ],
            },
        ),
    ]
