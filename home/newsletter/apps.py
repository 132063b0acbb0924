from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "home.newsletter"
    label = "newsletter"
    verbose_name = "Newsletter"
