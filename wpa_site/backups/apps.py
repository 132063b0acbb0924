from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "wpa_site.backups"
    label = "backups"
    verbose_name = "Backups"
