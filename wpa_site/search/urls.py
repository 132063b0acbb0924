from django.urls import path

from wpa_site.search.views import search

urlpatterns = [path("search/", search, name="search")]
