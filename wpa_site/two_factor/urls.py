from django.urls import path

from wpa_site.two_factor import views

urlpatterns = [
    path("two-factor/", views.verify, name="two_factor_verify"),
    path("two-factor/setup/", views.setup, name="two_factor_setup"),
    path("two-factor/reset/<int:user_id>/", views.reset, name="two_factor_reset"),
]
