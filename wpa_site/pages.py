"""What every page of the site shares, in one abstract base page: a search
entry that also holds its Spanish stems, view restrictions answered from the
remembered list of private sections, and a meta description. Only machinery
mixins: home, news and programs may all build on it."""

from wagtail.models import Page

from wpa_site.search.stemming import StemmedSearchMixin
from wpa_site.seo import SeoMixin
from wpa_site.visibility import ViewRestrictionsMixin

# The explorer lists a page's children in their order on the site (the
# program cards follow it; "Sort menu order" changes it), not by last change.
# Set on Wagtail's Page itself so the root, whose children are the two home
# pages, lists them in that order too.
Page.admin_default_ordering = "ord"


class BasePage(StemmedSearchMixin, ViewRestrictionsMixin, SeoMixin, Page):
    class Meta:
        abstract = True
