from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "wpa_site.outbox"
    label = "outbox"
    verbose_name = "Outgoing email"
    default_auto_field = "django.db.models.BigAutoField"
