from django.apps import AppConfig


class TranslationsConfig(AppConfig):
    name = "wpa_site.translations"
    label = "translations"
    verbose_name = "Translations"
