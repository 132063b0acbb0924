from django.apps import AppConfig


class TwoFactorConfig(AppConfig):
    name = "wpa_site.two_factor"
    label = "two_factor"
    verbose_name = "Two-factor sign-in"
