"""Wagtail's own accessibility checker, as editors meet it: its userbar runs
Wagtail's axe configuration (its rule list and its custom rules, such as
misusing paragraphs as headings) on the preview of every page type, in both
languages, seeded and with every block an editor can add filled in, and finds
nothing."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from home.models import ConnectPage, HomePage, ImpactReportPage, PromotionPage, StandardPage
from news.models import NewsIndexPage
from programs.models import ProgramIndexPage, ProgramPage
from tests.admin_helpers import make_staff, sign_in
from tests.pages import SPANISH, add_spanish_versions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGE_TYPES = [HomePage, ProgramIndexPage, ProgramPage, ImpactReportPage, PromotionPage, NewsIndexPage, ConnectPage]


def an_image():
    buffer = io.BytesIO()
    PILImage.new("RGB", (1200, 800), "#884400").save(buffer, format="JPEG")
    return get_image_model().objects.create(
        title="Kitchen table",
        description="Three women talking around a kitchen table.",
        file=SimpleUploadedFile("kitchen-table.jpg", buffer.getvalue(), content_type="image/jpeg"),
    )


def every_block(image, document, page):
    """A page body with one of each block staff can add, filled as they would."""
    paragraph = (
        "<p>WPA works with women at every stage of the justice system.</p>"
        "<h3>Who takes part</h3><p>Women in New York, and their families.</p>"
        "<h4>How to join</h4><ul><li>Call us.</li><li>Write to us.</li></ul>"
        f'<p>Read <a linktype="page" id="{page.pk}">about our programs</a>.</p>'
    )
    blocks = [
        ("heading", "What we do"),
        ("paragraph", paragraph),
        ("image", {"image": {"image": image.pk, "decorative": False, "alt_text": ""}, "caption": "At the table."}),
        ("quote", {"quote": "“They listened to me.”", "attribution": "A participant"}),
        (
            "call_to_action",
            {
                "heading": "Get support",
                "text": "We answer every message.",
                "link": {"text": "", "page": page.pk, "url": ""},
            },
        ),
        (
            "statistics",
            {
                "heading": "In numbers",
                "items": [
                    {"value": "500+", "label": "Women served", "description": "Every year, in New York."},
                    {"value": "1845", "label": "Founded", "description": ""},
                ],
            },
        ),
        ("document", {"document": document.pk, "text": "The annual report"}),
    ]
    return [{"type": kind, "value": value} for kind, value in blocks]


@pytest.fixture
def filled_pages(seeded_live_server, settings, tmp_path):
    """The seeded site in both languages, plus a standard page, a program and
    the impact report with every block filled in (drafts, seen in preview)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    image = an_image()
    document = get_document_model().objects.create(
        title="Annual report", file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="annual-report.pdf")
    )
    home = HomePage.objects.get(locale__language_code="en")
    programs = ProgramPage.objects.filter(locale__language_code="en").first()
    standard = StandardPage(title="About WPA", introduction="Who we are.", body=every_block(image, document, programs))
    home.add_child(instance=standard)
    standard.save_revision().publish()
    program = ProgramPage.objects.filter(locale__language_code="en").first()
    program.body = every_block(image, document, home)
    program.save_revision().publish()
    report = ImpactReportPage.objects.get(locale__language_code="en")
    report.body = every_block(image, document, home)
    report.report_document = document
    report.save_revision().publish()
    add_spanish_versions()
    return seeded_live_server


def checker_count(page):
    """The number Wagtail's checker shows in the userbar once it has run."""
    found = page.wait_for_function(
        """() => {
            const root = document.querySelector("wagtail-userbar")?.shadowRoot;
            const count = root?.querySelector("#checker-trigger [data-content-checker-count]");
            return count && count.textContent.trim();
        }""",
        timeout=20_000,
    )
    return int(found.json_value())


def signed_in_administrator(chromium, base_url):
    user = make_staff("checker")
    user.is_superuser = True
    user.save()
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    page = context.new_page()
    sign_in(page, base_url, "checker")
    return context, page


def previews(language):
    pages = [model.objects.get(locale__language_code=language) for model in (HomePage, ProgramIndexPage)]
    pages += [model.objects.filter(locale__language_code=language).first() for model in PAGE_TYPES[2:]]
    pages.append(StandardPage.objects.filter(locale__language_code=language, title__in=["About WPA"]).first())
    pages.append(StandardPage.objects.filter(locale__language_code=language).exclude(title="About WPA").first())
    return [page for page in pages if page is not None]


def test_wagtails_checker_finds_no_issue_on_the_preview_of_any_page_type_in_either_language(filled_pages, chromium):
    context, page = signed_in_administrator(chromium, filled_pages.url)
    found = {}
    problems = []
    page.on(
        "console",
        lambda message: (
            problems.append(message.args[1].json_value())
            if message.text.startswith("axe.run results") and len(message.args) > 1
            else None
        ),
    )
    try:
        checked = []
        for language in ("en", SPANISH):
            for preview in previews(language):
                what = f"{type(preview).__name__} {preview.title!r} ({language})"
                problems.clear()
                response = page.goto(filled_pages.url + reverse("wagtailadmin_pages:view_draft", args=[preview.pk]))
                assert response.status == 200, what
                count = checker_count(page)
                checked.append(type(preview).__name__)
                if count:
                    found[what] = [
                        (issue["id"], [node["target"] for node in issue["nodes"]])
                        for batch in problems
                        for issue in batch
                    ]
    finally:
        context.close()
    # Every page type was looked at in both languages, the filled standard page among them.
    assert sorted(set(checked)) == sorted({model.__name__ for model in PAGE_TYPES} | {"StandardPage"})
    assert checked.count("StandardPage") == 4
    assert found == {}


OLD_STAT_MARKUP = """<div class="stat">
  <p class="stat__value">{{ value }}</p>
  <p class="stat__label">{{ label }}</p>
</div>"""


def test_the_checker_finds_the_figures_as_they_were_marked_up_before(seeded_live_server, chromium, settings, tmp_path):
    # The check itself can fail: with the figures' old markup (a big, bold
    # paragraph before another) the home page shows Wagtail's "Misusing
    # paragraphs as headings" again.
    (tmp_path / "includes").mkdir()
    (tmp_path / "includes" / "stat.html").write_text(OLD_STAT_MARKUP)
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    home = HomePage.objects.get(locale__language_code="en")
    context, page = signed_in_administrator(chromium, seeded_live_server.url)
    try:
        page.goto(seeded_live_server.url + reverse("wagtailadmin_pages:view_draft", args=[home.pk]))
        assert checker_count(page) == home.statistics.count()
    finally:
        context.close()
