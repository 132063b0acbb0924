"""What every page of the site shares, in one abstract base page: a search
entry that also holds its Spanish stems, view restrictions answered from the
remembered list of private sections, and a meta description. Only machinery
mixins: home, news and programs may all build on it."""

from wagtail.models import Page

from wpa_site.search.stemming import StemmedSearchMixin
from wpa_site.seo import SeoMixin
from wpa_site.visibility import ViewRestrictionsMixin


class BasePage(StemmedSearchMixin, ViewRestrictionsMixin, SeoMixin, Page):
    class Meta:
        abstract = True
