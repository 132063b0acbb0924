"""The impact report with a chart of every kind in a real Chromium: axe-core
in both languages on a phone and a desktop, nothing wider than a 320 px
screen, and the charts told apart in forced colours and in print."""

import pytest

from tests.accessibility import axe_violations, pages_at_each_width
from tests.factories import add_charts_to_report
from tests.pages import add_spanish_versions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def report_paths(seeded_live_server):
    """The report with one chart of each kind, in English and in Spanish: their addresses."""
    spanish = add_spanish_versions()
    english = add_charts_to_report()
    translation = english.get_translation(spanish)
    translation.body = english.body
    translation.save_revision().publish()
    return {"en": seeded_live_server.url + english.url, "es": seeded_live_server.url + translation.url}


def test_a_report_with_every_chart_kind_has_no_axe_violations_in_both_languages(report_paths, chromium):
    found = {}
    for width, page in pages_at_each_width(chromium):
        for language, url in report_paths.items():
            page.goto(url)
            assert page.locator("figure.chart svg[role=img]").count() == 4
            if violations := axe_violations(page):
                found[f"{language} at {width}px"] = violations
    assert found == {}


def test_the_charts_fit_a_320_px_screen(report_paths, chromium):
    context = chromium.new_context(viewport={"width": 320, "height": 800})
    page = context.new_page()
    for url in report_paths.values():
        page.goto(url)
        wider = page.evaluate(
            """() => [...document.querySelectorAll('figure.chart, figure.chart *')]
                .filter(element => element.getBoundingClientRect().right > document.documentElement.clientWidth)
                .map(element => element.tagName)"""
        )
        assert wider == []
    context.close()


def hatching_shown(page):
    return page.evaluate(
        "[...document.querySelectorAll('.chart__hatch')].every(hatch => getComputedStyle(hatch).display !== 'none')"
    )


def test_share_charts_are_hatched_in_forced_colours_and_in_print_and_print_drops_the_page_chrome(
    report_paths, chromium
):
    context = chromium.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(report_paths["en"])
    assert not hatching_shown(page)

    page.emulate_media(forced_colors="active")
    assert hatching_shown(page)
    bar_fill = page.evaluate("getComputedStyle(document.querySelector('.chart__bar')).fill")
    text_colour = page.evaluate("getComputedStyle(document.querySelector('.chart__svg')).fill")
    assert bar_fill == text_colour  # CanvasText: the system's own colour for text

    page.emulate_media(forced_colors="none", media="print")
    assert hatching_shown(page)
    assert page.locator(".quick-exit").is_hidden()
    assert page.locator("figure.chart table").first.is_visible()
    context.close()
