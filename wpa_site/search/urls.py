from django.urls import path
from django.utils.translation import pgettext_lazy
from django.views.generic import RedirectView

from wpa_site.search.views import search

urlpatterns = [
    path(pgettext_lazy("web address", "search/"), search, name="search"),
    # The address Spanish search had before it was in Spanish (/es/search/):
    # in English it is the search itself, matched above.
    path("search/", RedirectView.as_view(pattern_name="search", permanent=True, query_string=True)),
]
