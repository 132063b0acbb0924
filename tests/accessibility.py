"""axe-core in a real Chromium, for the browser tests: the WCAG rules the
site is held to, the screen widths it is checked at, and what breaks them."""

import functools

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# A phone and a desktop.
WIDTHS = [390, 1280]


@functools.cache
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def axe_violations(page):
    """The axe-core violations on the page as loaded, each as (rule, the elements it found): [] when none."""
    results = axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    return [
        (violation["id"], [node["target"] for node in violation["nodes"]])
        for violation in results.response["violations"]
    ]


def pages_at_each_width(chromium):
    """A fresh browser page at each of WIDTHS in turn: (width, page)."""
    for width in WIDTHS:
        context = chromium.new_context(viewport={"width": width, "height": 900})
        try:
            yield width, context.new_page()
        finally:
            context.close()
