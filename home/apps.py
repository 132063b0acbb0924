from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Home and site-wide content"

    def ready(self):
        # Connected once the models are loaded: the signals' senders are models.
        from wpa_site.cache import frontend_purge, invalidation  # noqa: PLC0415

        invalidation.connect()
        frontend_purge.connect()
