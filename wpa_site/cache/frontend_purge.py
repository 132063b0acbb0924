"""Purging the shared cache in front of the site (Varnish, Cloudflare or
CloudFront: FRONTEND_CACHE) whenever what visitors see changes, as the page
cache is invalidated (invalidation.py) for the same changes.

A page that is published, unpublished, moved or deleted, a site setting,
the site-wide content (menu, header, footer), a private section, an image
or a document: every live page is purged, in both languages, with the
addresses that are no pages (the sitemap...). The site has a few dozen
pages, so this is cheap, and it covers the pages that show another page
(the home page lists programs and the promotion, a program's parent lists
it, the other language links to it) without listing them. A press item is
shown by the home page and the news index only: those are purged, with
every page and outlet filter of the news index (NewsIndexPage.get_cached_paths).
A deleted image's files are purged by their own addresses.

Purges go out once the change is committed, never before: a visitor asking
between a purge and the commit would have the old page cached again. All
the changes of one transaction are purged together. A purge that fails is
logged and never breaks the save that caused it.
"""

import functools
import http.client
import logging
import threading
from urllib.parse import urlsplit, urlunsplit

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.urls import NoReverseMatch, reverse
from modelcluster.fields import ParentalKey
from wagtail import __version__ as wagtail_version
from wagtail.contrib.frontend_cache.backends import HTTPBackend as WagtailHTTPBackend
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.images.models import AbstractImage, AbstractRendition
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from wpa_site.cache.invalidation import is_visible_content

logger = logging.getLogger(__name__)

# Models shown by a few page types only: purging those pages is enough.
SHOWN_ON = {"news.PressItem": ("home.HomePage", "news.NewsIndexPage")}
# Addresses that are not pages but show what pages do (named URLs).
EXTRA_URL_NAMES = ("sitemap", "robots_txt")


class HTTPBackend(WagtailHTTPBackend):
    """Wagtail's HTTP purge (a PURGE of each address, with its host, sent to
    LOCATION: what Varnish's VCL expects), with three differences: it waits
    for the change to be committed, since Wagtail's own publish handlers
    call it from inside the transaction; it gives up after TIMEOUT seconds
    (Wagtail's waits for ever, and a save with it); and a batch goes over
    one connection."""

    def __init__(self, params):
        params = dict(params)
        self.timeout = float(params.pop("TIMEOUT", 2))
        super().__init__(params)

    def purge(self, url):
        self.purge_batch([url])

    def purge_batch(self, urls):
        urls = sorted(set(urls))
        transaction.on_commit(lambda: self.send(urls), robust=True)

    def send(self, urls):
        connection_class = http.client.HTTPSConnection if self.cache_scheme == "https" else http.client.HTTPConnection
        connection = connection_class(self.cache_netloc, timeout=self.timeout)
        try:
            for url in urls:
                parts = urlsplit(url)
                host = parts.hostname + (f":{parts.port}" if parts.port else "")
                connection.request(
                    "PURGE",
                    urlunsplit(("", "", parts.path or "/", parts.query, "")),
                    headers={"Host": host, "User-Agent": f"Wagtail-frontendcache/{wagtail_version}"},
                )
                response = connection.getresponse()
                response.read()
                if response.status >= 400:
                    logger.error("The frontend cache refused to purge %s: %s", url, response.status)
        except (OSError, http.client.HTTPException) as error:
            logger.error("Could not purge %d addresses at %s: %r", len(urls), self.cache_netloc, error)
        finally:
            connection.close()


class Purge:
    """What one change asks to purge."""

    def __init__(self, everything=False, shown_on=(), urls=()):
        self.everything = everything
        self.shown_on = set(shown_on)
        self.urls = set(urls)


# The purges asked for on this thread and not sent yet. Each change also asks
# for a send on commit; the first send after a commit takes them all, the
# others find nothing left. A rolled-back change's purge waits for the next
# send: purging too much is harmless.
_waiting = threading.local()


def purge_on_commit(purge):
    if not hasattr(_waiting, "purges"):
        _waiting.purges = []
    _waiting.purges.append(purge)
    transaction.on_commit(send_waiting, robust=True)


def send_waiting():
    purges, _waiting.purges = getattr(_waiting, "purges", []), []
    if not purges:
        return
    batch = PurgeBatch()
    for purge in purges:
        batch.add_urls(purge.urls)
    if any(purge.everything for purge in purges):
        batch.add_pages(Page.objects.live().specific())
        batch.add_urls(extra_urls())
    else:
        for label in set().union(*(purge.shown_on for purge in purges)):
            batch.add_pages(apps.get_model(label).objects.live().specific())
    batch.purge()


def site_root_urls():
    return [site.root_url for site in Site.objects.all()]


def extra_urls():
    urls = []
    for name in EXTRA_URL_NAMES:
        try:
            path = reverse(name)
        except NoReverseMatch:
            continue
        urls += [root + path for root in site_root_urls()]
    return urls


def page_urls(page, url_path=None):
    """The addresses of `page`, or of where it was when `url_path` is given."""
    page = page.specific_deferred
    if url_path is not None:
        page.url_path = url_path
    full_url = page.get_full_url()
    if full_url is None:
        return []
    return [full_url + path.lstrip("/") for path in page.get_cached_paths()]


def logged_not_raised(handler):
    """A purge that cannot be worked out is logged; the save that asked for it goes on."""

    @functools.wraps(handler)
    def guarded(*args, **kwargs):
        try:
            handler(*args, **kwargs)
        except Exception:
            logger.exception("Could not work out what to purge from the frontend cache")

    return guarded


@logged_not_raised
def purge_for_page(sender, instance, **kwargs):
    """Published or unpublished: an unpublished page is no longer live, so its own addresses are named."""
    purge_on_commit(Purge(everything=True, urls=page_urls(instance)))


@logged_not_raised
def purge_for_move(sender, instance, url_path_before, url_path_after, **kwargs):
    """Moved (its old addresses, and its descendants', are gone) or only
    reordered among its siblings (listings change)."""
    old_urls = []
    if url_path_before != url_path_after:
        for page in instance.get_descendants(inclusive=True).live().specific():
            old_urls += page_urls(page, url_path_before + page.url_path.removeprefix(url_path_after))
    purge_on_commit(Purge(everything=True, urls=old_urls))


@logged_not_raised
def purge_for_model_change(sender, instance, signal, **kwargs):
    deleted = signal is post_delete
    if issubclass(sender, Page):
        # Deleting a live page takes its address away; every other change to
        # a page shows when it is published (purge_for_page).
        if deleted and instance.live:
            purge_on_commit(Purge(everything=True, urls=page_urls(instance)))
    elif issubclass(sender, AbstractRendition):
        if deleted:
            purge_on_commit(Purge(urls=media_urls(instance.file)))
    elif sender._meta.label in SHOWN_ON:
        purge_on_commit(Purge(shown_on=SHOWN_ON[sender._meta.label]))
    elif is_visible_content(sender) and not is_part_of_a_page(sender):
        deleted_image = deleted and issubclass(sender, AbstractImage)
        purge_on_commit(Purge(everything=True, urls=media_urls(instance.file) if deleted_image else ()))


def is_part_of_a_page(model):
    """An inline part of a page (a home page's statistic, a form's field): it
    shows when its page is published."""
    return any(
        isinstance(field, ParentalKey) and issubclass(field.related_model, Page) for field in model._meta.fields
    )


def media_urls(file):
    """An uploaded file's address on every site, when the site serves it (not a bucket's)."""
    try:
        url = file.url
    except ValueError:
        return []
    if not url.startswith("/"):
        return []
    return [root + url for root in site_root_urls()]


def connect():
    if not apps.is_installed("wagtail.contrib.frontend_cache"):
        return
    page_published.connect(purge_for_page, dispatch_uid="frontend-purge-published")
    page_unpublished.connect(purge_for_page, dispatch_uid="frontend-purge-unpublished")
    post_page_move.connect(purge_for_move, dispatch_uid="frontend-purge-move")
    post_save.connect(purge_for_model_change, dispatch_uid="frontend-purge-post-save")
    post_delete.connect(purge_for_model_change, dispatch_uid="frontend-purge-post-delete")
