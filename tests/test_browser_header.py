"""The header in a real Chromium, at every width from 320 px and in both
languages: Get help always in view, a menu that stays on one line, a quick
exit bar of one row, a skip link on top, and keyboard order that follows
what the eye sees."""

import pytest

from tests.pages import add_spanish_versions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [320, 390, 768, 1024, 1280, 1440]
HOMES = {"en": "/", "es": "/es/"}


@pytest.fixture
def site(seeded_live_server):
    add_spanish_versions()
    return seeded_live_server


@pytest.fixture
def pages(chromium):
    """A browser page at each width, in turn."""

    def at_each_width():
        for width in WIDTHS:
            context = chromium.new_context(viewport={"width": width, "height": 844})
            yield width, context.new_page()
            context.close()

    return at_each_width


LAYOUT = """() => {
    const box = (element) => element && element.getBoundingClientRect();
    const help = document.querySelector('.site-header__actions a');
    const links = [...document.querySelectorAll('.site-menu__link')];
    const exit = document.querySelector('.quick-exit');
    const lines = (element) => {
        const range = document.createRange();
        range.selectNodeContents(element);
        return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
    };
    return {
        help: help && {text: help.textContent.trim(), box: box(help).toJSON(), href: help.getAttribute('href')},
        scrollWidth: document.documentElement.scrollWidth,
        menuTops: links.filter((link) => link.offsetParent).map((link) => Math.round(box(link).top)),
        wrappedLinks: links.filter((link) => link.offsetParent && lines(link) > 1)
            .map((link) => link.textContent.trim()),
        toggle: document.querySelector('.site-menu__toggle').offsetParent
            ? box(document.querySelector('.site-menu__toggle')).toJSON() : null,
        exitHeight: box(exit).height,
        exitTops: [...exit.children].map((child) => Math.round(box(child).top + box(child).height / 2)),
    };
}"""


def test_get_help_is_in_view_and_the_header_holds_at_every_width_in_both_languages(site, pages):
    problems = []
    for width, page in pages():
        for language, path in HOMES.items():
            page.goto(site.url + path)
            layout = page.evaluate(LAYOUT)
            where = f"{language} at {width}px"
            help_box = layout["help"]["box"]
            if not (help_box["left"] >= 0 and help_box["right"] <= width and help_box["bottom"] <= 844):
                problems.append(f"{where}: Get help is out of view {help_box}")
            if layout["toggle"] and help_box["right"] + 8 > layout["toggle"]["left"]:
                problems.append(f"{where}: Get help runs into the Menu button")
            if layout["scrollWidth"] > width:
                problems.append(f"{where}: the page scrolls sideways ({layout['scrollWidth']}px)")
            if width >= 1024 and (len(set(layout["menuTops"])) != 1 or layout["wrappedLinks"]):
                problems.append(f"{where}: the menu is not on one line {layout['menuTops']} {layout['wrappedLinks']}")
            # One row: the button and the safety link side by side, in a bar no taller than one.
            if len(set(layout["exitTops"])) != 1 or layout["exitHeight"] > 60:
                problems.append(f"{where}: the quick exit bar is {layout['exitHeight']}px, {layout['exitTops']}")
    assert problems == []


def test_the_focused_skip_link_is_fully_visible_above_the_quick_exit_bar(site, pages):
    for width, page in pages():
        page.goto(site.url + "/es/")
        page.keyboard.press("Tab")
        on_top = page.evaluate(
            """() => {
                const link = document.activeElement;
                const box = link.getBoundingClientRect();
                const points = [[box.left + 2, box.top + 2], [box.right - 2, box.bottom - 2],
                                [box.left + box.width / 2, box.top + box.height / 2]];
                return link.className === 'skip-link' && box.top >= 0 && box.left >= 0
                    && points.every(([x, y]) => link.contains(document.elementFromPoint(x, y)));
            }"""
        )
        assert on_top, width


TAB_STOPS = """() => {
    const box = document.activeElement.getBoundingClientRect();
    return {inHeader: !!document.activeElement.closest('.site-header'), top: box.top, bottom: box.bottom,
            left: box.left, text: document.activeElement.textContent.trim()};
}"""


def test_keyboard_order_in_the_header_follows_the_visual_order(site, pages):
    for width, page in pages():
        for path in HOMES.values():
            page.goto(site.url + path)
            stops = []
            for _ in range(20):
                page.keyboard.press("Tab")
                stop = page.evaluate(TAB_STOPS)
                if stops and not stop["inHeader"]:
                    break
                if stop["inHeader"]:
                    stops.append(stop)
            assert len(stops) >= 4, (width, path, stops)
            for before, after in zip(stops, stops[1:], strict=False):
                same_row = after["top"] < before["bottom"] - 4 and before["top"] < after["bottom"] - 4
                in_order = after["left"] > before["left"] if same_row else after["top"] >= before["bottom"] - 4
                assert in_order, (width, path, before, after)


def test_search_pages_have_the_same_header_as_every_other_page(site, pages):
    for width, page in pages():
        if width not in (390, 1280):
            continue
        boxes = []
        for path in ["/", "/search/?q=housing"]:
            page.goto(site.url + path)
            boxes.append(
                page.evaluate(
                    "() => [...document.querySelectorAll('.site-header a, .site-header summary, .site-header input')]"
                    ".filter((element) => element.offsetParent && !element.closest('.lang-switch'))"
                    ".map((element) => [element.tagName, Math.round(element.getBoundingClientRect().left),"
                    " Math.round(element.getBoundingClientRect().top)])"
                )
            )
        assert boxes[0] == boxes[1], width


def test_the_get_help_journeys_new_pages_have_no_axe_violations_in_both_languages(site, chromium):
    from programs.models import ProgramPage  # noqa: PLC0415
    from tests.accessibility import axe_violations, pages_at_each_width  # noqa: PLC0415

    english = ProgramPage.objects.filter(locale__language_code="en").order_by("path").first()
    spanish = ProgramPage.objects.filter(locale__language_code="es").order_by("path").first()
    paths = [f"/connect/?program={english.pk}", "/connect/sent/", f"/es/contacto/?program={spanish.pk}"]
    paths += ["/es/contacto/enviado/", english.url, spanish.url]
    found = {}
    for width, page in pages_at_each_width(chromium):
        for path in paths:
            assert page.goto(site.url + path).status == 200, path
            if violations := axe_violations(page):
                found[f"{path} at {width}px"] = violations
    assert found == {}
