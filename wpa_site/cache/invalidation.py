"""Every change that could alter what a visitor sees empties the page cache."""

from django.db.models.signals import post_delete, post_save
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished

from wpa_site.cache.version import invalidate_page_cache

VISIBLE_MODELS = (Page, Site, PageViewRestriction, BaseSiteSetting, AbstractImage, AbstractDocument)


CONTENT_APPS = {"home", "news", "programs"}


def is_visible_content(sender):
    """Wagtail's public content, and every model of our own apps that does not
    say otherwise (form submissions and sign-ups change no page)."""
    if getattr(sender, "page_cache_ignore", False):
        return False
    return issubclass(sender, VISIBLE_MODELS) or sender._meta.app_label in CONTENT_APPS


def invalidate_on_model_change(sender, **kwargs):
    if is_visible_content(sender):
        invalidate_page_cache()


def connect():
    for signal in (page_published, page_unpublished, post_page_move, published, unpublished):
        signal.connect(invalidate_page_cache, dispatch_uid=f"page-cache-{id(signal)}")
    post_save.connect(invalidate_on_model_change, dispatch_uid="page-cache-post-save")
    post_delete.connect(invalidate_on_model_change, dispatch_uid="page-cache-post-delete")
