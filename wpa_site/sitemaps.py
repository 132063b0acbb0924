"""sitemap.xml in every language: Wagtail's sitemap lists only the pages
under the site's root page, which are the default language's
(wagtail/wagtail#12420); the other languages' pages live under the root
page's translations."""

from django.conf import settings
from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap
from wagtail.models import Page

from wpa_site.languages import language_codes


class LanguagesSitemap(Sitemap):
    """Every live, public page of the site in every language, each with its
    versions in the other languages as alternates, in Google's format."""

    def items(self):
        root = self.get_wagtail_site().root_page
        under_a_root = Q()
        # Each language's pages are under its own root, in its locale.
        self.languages = {}
        for translated_root in root.get_translations(inclusive=True).select_related("locale"):
            under_a_root |= Q(path__startswith=translated_root.path)
            self.languages[translated_root.locale_id] = translated_root.locale.language_code
        # A list, read once: the alternates of each page are among the others.
        return list(Page.objects.live().public().filter(under_a_root).order_by("path").defer_streamfields().specific())

    def alternates_by_translation(self):
        if not hasattr(self, "_alternates"):
            versions = {}
            for page in self._items():
                if page.locale_id in self.languages:
                    versions.setdefault(page.translation_key, {})[page.locale_id] = page
            self._alternates = {key: self.alternates(pages) for key, pages in versions.items()}
        return self._alternates

    def alternates(self, pages):
        """hreflang links for one page's versions, each language once, the
        default language also as x-default; none for a page in one language."""
        if len(pages) < 2:
            return []
        by_language = {self.languages[locale]: page.get_full_url(self.request) for locale, page in pages.items()}
        codes = [code for code in language_codes() if code in by_language]
        links = [{"lang_code": code, "location": by_language[code]} for code in codes]
        if settings.LANGUAGE_CODE in by_language:
            links.append({"lang_code": "x-default", "location": by_language[settings.LANGUAGE_CODE]})
        return links

    def _urls(self, page, protocol, domain):
        alternates = self.alternates_by_translation()
        urls = []
        for item in self.paginator.page(page).object_list:
            for url_info in item.get_sitemap_urls(self.request):
                urls.append({**url_info, "alternates": alternates.get(item.translation_key, [])})
        lastmods = {url_info.get("lastmod") for url_info in urls}
        if lastmods and None not in lastmods:
            self.latest_lastmod = max(lastmods)
        return urls

    def _items(self):
        if not hasattr(self, "_all_items"):
            self._all_items = self.items()
        return self._all_items


def sitemap(request):
    return wagtail_sitemap(request, sitemaps={"pages": LanguagesSitemap})
