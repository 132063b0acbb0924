"""Design system, SEO, caching headers, search and site-wide HTML sanity."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Site

from home.models import SearchEngineSettings, SiteWideContent, StandardPage
from programs.models import ProgramIndexPage
from tests.factories import add_program, make_private

STATIC = Path(__file__).resolve().parent.parent / "static"

pytestmark = pytest.mark.django_db


# ---------- Design tokens ----------


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


def test_stylesheet_and_script_stay_small_and_need_no_build_step():
    css = (STATIC / "css" / "site.css").read_bytes()
    js = (STATIC / "js" / "site.js").read_bytes()
    assert len(css) <= 30 * 1024
    assert len(js) <= 10 * 1024
    text = css.decode()
    assert "prefers-reduced-motion" in text
    assert "@media print" in text
    assert ":focus-visible" in text
    assert "font-display: swap" in text


# ---------- Cache headers ----------


def test_anonymous_page_views_may_be_cached_by_a_cdn(seeded, client, settings):
    # With the footer's sign-up form on the page, its CSRF token is the visitor's own.
    assert "private" in client.get("/")["Cache-Control"]
    content = SiteWideContent.objects.get()
    content.newsletter_consent_text = ""
    content.save()
    assert client.get("/")["Cache-Control"] == "public, max-age=0, s-maxage=300"
    settings.BROWSER_CACHE_SECONDS, settings.CDN_CACHE_SECONDS = 60, 600
    assert client.get("/")["Cache-Control"] == "public, max-age=60, s-maxage=600"


def test_logged_in_staff_get_private_uncached_pages(seeded, client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "a-long-password-1")
    client.force_login(user)
    cache_control = client.get("/")["Cache-Control"]
    assert "private" in cache_control
    assert "no-store" in cache_control
    assert "public" not in cache_control


def test_admin_and_visitors_with_a_session_are_never_cached_publicly(seeded, client):
    assert "public" not in client.get("/admin/login/").get("Cache-Control", "")
    client.cookies["sessionid"] = "someone-who-entered-a-page-password"
    assert "public" not in client.get("/")["Cache-Control"]


def test_not_found_pages_are_not_cached_publicly(seeded, client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "public" not in response.get("Cache-Control", "")


# ---------- Search engines and sharing ----------


def test_robots_txt_allows_everything_but_the_admin_and_points_to_the_sitemap(seeded, client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert client.get("/sitemap.xml").status_code == 200


def json_ld(html):
    return [
        json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


def meta(html, attribute, name):
    found = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)"', html)
    return found.group(1) if found else None


def test_home_page_describes_the_organization_to_search_engines(seeded, client):
    html = client.get("/").content.decode()
    (organization,) = json_ld(html)
    assert organization["@type"] == "NGO"
    assert organization["name"] == "Women’s Prison Association"
    assert organization["foundingDate"] == "1845"
    assert organization["url"] == "http://testserver/"
    assert meta(html, "property", "og:title") == "Women’s Prison Association"
    assert meta(html, "property", "og:description").startswith("WPA provides women")
    assert meta(html, "property", "og:url")
    assert meta(html, "name", "twitter:card") == "summary"


def test_founding_year_social_profiles_and_share_image_come_from_the_cms(seeded, client):
    from wagtail.images.models import Image

    content = SiteWideContent.objects.get()
    content.social_links = [("social_link", {"network": "instagram", "url": "https://instagram.example/wpa"})]
    content.save()
    settings = SearchEngineSettings.for_site(Site.objects.get(is_default_site=True))
    settings.founding_year = "1846"
    settings.default_share_image = Image.objects.create(
        title="WPA share image", file=get_test_image_file(size=(1600, 900)), description="WPA’s name on plum"
    )
    settings.save()

    html = client.get("/").content.decode()
    (organization,) = json_ld(html)
    assert organization["foundingDate"] == "1846"
    assert organization["sameAs"] == ["https://instagram.example/wpa"]
    image_url = meta(html, "property", "og:image")
    assert image_url.startswith("http://testserver/media/images/")
    assert organization["logo"] == image_url
    assert meta(html, "property", "og:image:width") == "1200"
    assert meta(html, "property", "og:image:height") == "630"
    assert meta(html, "name", "twitter:card") == "summary_large_image"
    assert meta(html, "name", "twitter:image") == image_url


def test_news_index_lists_press_coverage_as_structured_data(seeded, client):
    html = client.get("/in-the-news/").content.decode()
    (data,) = json_ld(html)
    outlets = {article["publisher"]["name"] for article in data["@graph"]}
    assert outlets == {"CNN", "Vogue", "Marie Claire"}
    assert all(article["@type"] == "NewsArticle" for article in data["@graph"])


# ---------- Search ----------


@pytest.fixture
def indexed(seeded):
    call_command("update_index", verbosity=0)


def result_titles(response):
    return re.findall(r'class="search-result__title"><a href="[^"]+">([^<]+)</a>', response.content.decode())


def test_searching_housing_lists_safe_and_stable_housing_first(indexed, client):
    response = client.get("/search/", {"q": "housing"})
    assert response.status_code == 200
    assert result_titles(response)[0] == "Safe and Stable Housing"


@pytest.mark.parametrize(
    "query",
    [
        '"housing',
        '"',
        "housing\x00",
        "\x00\x01\x1f\x7f",
        '("*)-NEAR AND OR NOT:^',
        "x" * 1200,
        "housing " * 300,
        "<script>alert(1)</script>",
        "‘’“”–—…",
        "\u200b\u202e",
        "%00",
        "   ",
    ],
)
def test_odd_queries_get_a_normal_results_page(indexed, client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "\x00" not in html
    assert 'role="search"' in html


def test_long_queries_are_cut_to_200_characters(indexed, client):
    response = client.get("/search/", {"q": "housing " + "y" * 1000})
    value = re.search(r'id="search-query"[^>]*value="([^"]*)"', response.content.decode()).group(1)
    assert len(value) == 200
    assert value.startswith("housing ")


def test_drafts_and_private_pages_never_appear_in_search(indexed, client):
    index = ProgramIndexPage.objects.get()
    add_program(index, title="Housing draft program", publish=False)
    private = add_program(index, title="Housing private program")
    make_private(private)
    call_command("update_index", verbosity=0)
    titles = result_titles(client.get("/search/", {"q": "housing"}))
    assert "Safe and Stable Housing" in titles
    assert "Housing draft program" not in titles
    assert "Housing private program" not in titles


def test_search_results_are_paginated_and_keep_the_query(indexed, client):
    index = ProgramIndexPage.objects.get()
    for number in range(12):
        add_program(index, title=f"Housing support {number}")
    call_command("update_index", verbosity=0)
    first = client.get("/search/", {"q": "housing"})
    assert len(result_titles(first)) == 10
    assert 'href="?q=housing&amp;page=2"' in first.content.decode()
    second = client.get("/search/", {"q": "housing", "page": "2"})
    assert result_titles(second)
    assert set(result_titles(first)).isdisjoint(result_titles(second))
    both = set(result_titles(first)) | set(result_titles(second))
    assert {f"Housing support {number}" for number in range(12)} <= both


def test_search_says_what_it_looked_for_escaped_and_when_nothing_matched(indexed, client):
    html = client.get("/search/", {"q": "zzzzqqq <b>{x}</b> 100%"}).content.decode()
    assert '<h1 class="page-header__title">Search</h1>' in html
    assert "No pages match your search." in html
    assert "Results for “zzzzqqq &lt;b&gt;{x}&lt;/b&gt; 100%”" in html


def test_every_page_has_a_search_form(seeded, client):
    assert 'action="/search/"' in client.get("/").content.decode()


# ---------- HTML sanity and links ----------

BLOCK_ELEMENTS = {
    "address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset", "figure", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "main", "nav", "ol", "p", "pre", "section", "table", "ul",
}  # fmt: skip
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
INTERACTIVE = {"a", "button", "details", "input", "select", "textarea"}


class PageChecker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.ids, self.problems, self.links, self.assets, self.h1 = [], [], [], [], [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag in BLOCK_ELEMENTS and "p" in self.stack:
            self.problems.append(f"<{tag}> inside <p>")
        if tag in INTERACTIVE and "a" in self.stack and tag != "details":
            self.problems.append(f"<{tag}> inside <a>")
        if tag == "h1":
            self.h1 += 1
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "link" and attrs.get("href") and attrs.get("rel") in {"stylesheet", "icon", "preload"}:
            self.assets.append(attrs["href"])
        if tag in {"script", "img"} and attrs.get("src"):
            self.assets.append(attrs["src"])
        if tag not in VOID_ELEMENTS:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in VOID_ELEMENTS:
            return
        if tag == "p" and "p" not in self.stack:
            self.problems.append("stray </p>")
        while self.stack:
            if self.stack.pop() == tag:
                break


def check_page(html):
    checker = PageChecker()
    checker.feed(html)
    duplicates = {value for value in checker.ids if checker.ids.count(value) > 1}
    if duplicates:
        checker.problems.append(f"duplicate ids {sorted(duplicates)}")
    if checker.h1 != 1:
        checker.problems.append(f"{checker.h1} h1 elements")
    return checker


def test_a_crawl_from_the_home_page_finds_no_broken_links_assets_or_invalid_markup(seeded, client):
    site = Site.objects.get(is_default_site=True)
    standard = StandardPage(title="About WPA", introduction="Written by staff.")
    site.root_page.add_child(instance=standard)
    standard.save_revision().publish()
    content = SiteWideContent.objects.get()
    content.main_menu.append(("link", {"page": standard, "text": "", "url": ""}))
    content.save()

    seen, queue, problems = set(), ["/"], {}
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200:
            problems[path] = response.status_code
            continue
        if not response["Content-Type"].startswith("text/html"):
            continue
        checker = check_page(response.content.decode())
        if checker.problems:
            problems[path] = checker.problems
        for asset in checker.assets:
            asset_path = urlsplit(asset).path
            if asset_path.startswith("/static/") and not finders.find(asset_path.removeprefix("/static/")):
                problems[asset] = "missing static file"
        for href in checker.links:
            url = urlsplit(urljoin("http://testserver" + path, href))
            if url.scheme in {"http", "https"} and url.netloc == "testserver":
                queue.append(url.path + (f"?{url.query}" if url.query else ""))
    assert "/about-wpa/" in seen
    assert "/our-care-model/safe-and-stable-housing/" in seen
    assert problems == {}
