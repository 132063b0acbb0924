"""A crawl of the whole site: no broken links or assets, no invalid markup."""

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.staticfiles import finders

from home.models import SiteWideContent
from tests.factories import add_about_page

STATIC = Path(__file__).resolve().parent.parent / "static"

pytestmark = pytest.mark.django_db


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
    standard = add_about_page()
    content = SiteWideContent.objects.get(locale__language_code="en")
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
