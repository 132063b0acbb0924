from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Home and site-wide content"

    def ready(self):
        # The site lookup reads these settings with the site, in one query.
        from home import checks  # noqa: PLC0415, F401 - registers the deploy checks
        from home.models.settings import setting_relations, settings_of  # noqa: PLC0415
        from wpa_site import site_settings  # noqa: PLC0415

        site_settings.register(setting_relations, settings_of)
