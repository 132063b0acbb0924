from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    """Connects the page cache's invalidation and the shared cache's purge to
    the content's signals, once the models are loaded: the senders are models."""

    name = "wpa_site.cache"
    label = "page_cache"
    verbose_name = "Page cache"

    def ready(self):
        from wpa_site.cache import frontend_purge, invalidation  # noqa: PLC0415

        invalidation.connect()
        frontend_purge.connect()
