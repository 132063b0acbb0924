"""The design system: colour contrast, the error colour token, a small stylesheet and script."""

import re
from pathlib import Path

import brotli
import pytest

STATIC = Path(__file__).resolve().parent.parent / "static"

pytestmark = pytest.mark.django_db


def css_tokens():
    css = (STATIC / "css" / "site.css").read_text(encoding="utf-8")
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})\s*;", css))


def luminance(hex_colour):
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first, second):
    lighter, darker = sorted([luminance(first), luminance(second)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


# Every text colour on every background it is used on in site.css.
TEXT_PAIRS = [
    ("ink", ["cream-50", "cream-100", "white", "plum-100", "rose-100"]),
    ("ink-soft", ["cream-50", "cream-100", "white"]),
    ("plum-700", ["cream-50", "cream-100", "white"]),
    ("plum-800", ["cream-50", "cream-100", "white", "plum-100", "rose-100"]),
    ("terracotta-700", ["cream-50", "cream-100", "white", "rose-100"]),
    ("cream-50", ["plum-700", "plum-800", "plum-900", "plum-950"]),
    ("cream-100", ["plum-950"]),
    ("white", ["plum-700", "plum-800"]),
    ("apricot-300", ["plum-800", "plum-900", "plum-950"]),
    ("plum-950", ["apricot-300", "apricot-400"]),
    ("plum-900", ["apricot-300"]),
    ("red-700", ["cream-50", "white"]),
]


def test_every_text_colour_has_at_least_4_5_to_1_contrast_on_its_backgrounds():
    tokens = css_tokens()
    weak = {
        f"{text} on {background}": round(contrast(tokens[text], tokens[background]), 2)
        for text, backgrounds in TEXT_PAIRS
        for background in backgrounds
        if contrast(tokens[text], tokens[background]) < 4.5
    }
    assert weak == {}


def test_every_error_style_takes_its_colour_from_the_error_token():
    css = (STATIC / "css" / "site.css").read_text(encoding="utf-8")
    error_rules = re.findall(r"([^{}]*error[^{}]*)\{([^}]*)\}", css)
    assert len(error_rules) >= 5
    for selector, declarations in error_rules:
        assert not re.search(r"#[0-9a-fA-F]{3,8}\b|rgb\(|hsl\(", declarations), selector.strip()
    assert css.count("var(--color-error)") >= 5


# What visitors download is the stylesheet as whitenoise compresses it, so the
# budget is on that, not on the readable source: comments, blank lines and one
# declaration a line cost next to nothing. Brotli, at whitenoise's quality,
# makes 6,196 bytes of site.css as formatted in December 2026 (5,969 when parts
# of it were hand-minified); the limit was 7 KiB, that rounded up plus about 15%.
# The impact report's charts (colours, hatching for forced colours and print,
# their tables) added about 580 bytes; the header's Get help and the Connect
# page's notes, program pages (breadcrumb, steps, questions) and the pattern
# drawn where a picture is missing about 1,100 more, 7,863 bytes in all: 8 KiB,
# which a phone on a slow link fetches in well under a second.
CSS_BROTLI_BUDGET = 8 * 1024


def test_stylesheet_and_script_stay_small_and_need_no_build_step():
    css = (STATIC / "css" / "site.css").read_bytes()
    js = (STATIC / "js" / "site.js").read_bytes()
    compressed = len(brotli.compress(css))
    assert compressed <= CSS_BROTLI_BUDGET, f"site.css is {compressed} bytes brotli-compressed"
    assert len(js) <= 10 * 1024
    text = css.decode()
    assert "prefers-reduced-motion" in text
    assert "@media print" in text
    assert ":focus-visible" in text
    assert "font-display: swap" in text
