"""A program page with every block, in a real Chromium: axe-core on a phone
and a desktop in both languages, the answers opened from the keyboard, and
the brand's pattern where a card has no picture."""

import pytest

from home.models import HomePage
from programs.models import ProgramPage
from tests.accessibility import axe_violations, pages_at_each_width
from tests.factories import add_image, every_block
from tests.pages import add_spanish_versions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def program_site(seeded_live_server):
    """Safe and Stable Housing with its picture, who it is for and every block,
    in English and in Spanish; the home page with its opening image."""
    spanish = add_spanish_versions()
    photo, block_photo = add_image("Housing photo", size=(1600, 1000)), add_image("Room", size=(1200, 800))
    english = ProgramPage.objects.get(slug="safe-and-stable-housing")
    paths = {}
    for program in [english, english.get_translation(spanish)]:
        program.image = photo
        program.who_its_for_heading = "Who this program is for"
        program.who_its_for = "<p>Women coming home.</p>"
        program.body = every_block(block_photo)
        program.save_revision().publish()
        paths[program.locale.language_code] = program.url
    opening = add_image("Opening photo", size=(1600, 1200))
    for home in HomePage.objects.all():
        home.hero_image = opening
        home.save_revision().publish()
    seeded_live_server.program_paths = paths
    return seeded_live_server


def test_a_program_page_with_every_block_has_no_axe_violations_on_phone_and_desktop_in_both_languages(
    program_site, chromium
):
    found = {}
    for width, page in pages_at_each_width(chromium):
        for language, path in program_site.program_paths.items():
            assert page.goto(program_site.url + path).status == 200
            page.locator("details.question").first.evaluate("details => details.open = true")
            if violations := axe_violations(page):
                found[f"program ({language}) at {width}px"] = violations
        assert page.goto(program_site.url + "/").status == 200
        if violations := axe_violations(page):
            found[f"home with its opening image at {width}px"] = violations
    assert found == {}


def test_an_answer_opens_under_its_question_from_the_keyboard(program_site, chromium):
    context = chromium.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(program_site.url + program_site.program_paths["en"])
    question = page.locator("summary.question__summary").first
    answer = page.locator(".question__answer").first
    assert not answer.is_visible()
    question.focus()
    page.keyboard.press("Enter")
    assert answer.is_visible()
    assert "An answer staff wrote." in answer.inner_text()
    context.close()


def test_the_page_image_is_fetched_first_and_nothing_scrolls_sideways_at_320_pixels(program_site, chromium):
    context = chromium.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    for path in [*program_site.program_paths.values(), "/"]:
        page.goto(program_site.url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
        first = page.locator("main img").first
        assert first.get_attribute("fetchpriority") == "high"
        assert first.evaluate("img => img.complete && img.naturalWidth > 0")
    context.close()


def test_cards_without_a_picture_show_the_brands_pattern(program_site, chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(program_site.url + "/our-care-model/")
    plain = page.locator(".card:not(.card--image)").first
    pattern = plain.evaluate("card => getComputedStyle(card, '::before').backgroundImage")
    assert "radial-gradient" in pattern
    # Beside an illustrated card, in the proportions of its picture.
    width, height = plain.evaluate(
        "card => [card.getBoundingClientRect().width, parseFloat(getComputedStyle(card, '::before').height)]"
    )
    assert abs(height - width * 26 / 40) < 2
    context.close()
