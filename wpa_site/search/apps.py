from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "wpa_site.search"
    label = "site_search"
    verbose_name = "Site search"
