from django.urls import path
from django.utils.translation import pgettext_lazy

from wpa_site.search.views import search
from wpa_site.views import moved_to

urlpatterns = [
    path(pgettext_lazy("web address", "search/"), search, name="search"),
    # The address Spanish search had before it was in Spanish (/es/search/):
    # in English it is the search itself, matched above.
    path("search/", moved_to("search")),
]
