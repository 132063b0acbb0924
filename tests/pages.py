"""The seeded site's pages as tests visit them: one address of each page
type, and every live page."""

# One of each page type, search results and a page that is not there; the
# standard page is the one tests.factories.add_about_page adds to the seed.
PAGE_TYPE_PATHS = {
    "home": "/",
    "program index": "/our-care-model/",
    "program": "/our-care-model/safe-and-stable-housing/",
    "impact report": "/2025-impact-report/",
    "promotion": "/books-are-magic/",
    "news index": "/in-the-news/",
    "standard page": "/about-wpa/",
    "search results": "/search/?q=housing",
    "not found": "/no-such-page/",
}


def expected_status(name):
    return 404 if name == "not found" else 200


def live_pages():
    """Every live page of the site, Wagtail's root left out, each as its own type."""
    from wagtail.models import Page

    return Page.objects.live().filter(depth__gt=1).specific()


def live_page_urls():
    return [page.url for page in live_pages()]
