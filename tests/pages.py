"""The seeded site's pages as tests visit them: one address of each page
type, in English and in Spanish, and every live page."""

SPANISH = "es"

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
    return 404 if name.startswith("not found") else 200


def live_pages():
    """Every live page of the site, Wagtail's root left out, each as its own type."""
    from wagtail.models import Page

    return Page.objects.live().filter(depth__gt=1).specific()


def live_page_urls():
    return [page.url for page in live_pages()]


def add_spanish_versions():
    """A published Spanish version of every English page and of the
    site-wide content that has none yet: copies of the English, as
    wagtail-localize starts a translation. Where the seed translates them
    already, this adds nothing. The Spanish locale."""
    from wagtail.models import Locale, Page

    from home.models import SiteWideContent

    # The migration home/0011 makes it; a transactional test's flush empties the table.
    spanish, _ = Locale.objects.get_or_create(language_code=SPANISH)
    for page in Page.objects.filter(depth__gt=1, locale__language_code="en").order_by("path").specific():
        if not page.has_translation(spanish):
            page.copy_for_translation(spanish, copy_parents=True).save_revision().publish()
    for content in SiteWideContent.objects.filter(locale__language_code="en"):
        if not content.has_translation(spanish):
            content.copy_for_translation(spanish).save()
    return spanish


def spanish_page_type_paths():
    """PAGE_TYPE_PATHS in Spanish, each name with " (es)": each page's own
    Spanish version's address, taken from the page (Spanish slugs are the
    seed's to choose), the Spanish search and a page that is not there."""
    from django.urls import reverse
    from django.utils import translation
    from wagtail.models import Locale

    spanish = Locale.objects.get(language_code=SPANISH)
    english = {page.url: page for page in live_pages().filter(locale__language_code="en")}
    with translation.override(SPANISH):
        search, home = reverse("search"), reverse("wagtail_serve", args=[""])
    paths = {}
    for name, path in PAGE_TYPE_PATHS.items():
        if name == "search results":
            paths[f"{name} ({SPANISH})"] = f"{search}?q=vivienda"
        elif name == "not found":
            paths[f"{name} ({SPANISH})"] = f"{home}no-such-page/"
        else:
            paths[f"{name} ({SPANISH})"] = english[path].get_translation(spanish).url
    return paths


def page_type_paths_in_both_languages():
    return {**PAGE_TYPE_PATHS, **spanish_page_type_paths()}
