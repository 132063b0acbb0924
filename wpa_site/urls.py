from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from wpa_site.media import serve_image
from wpa_site.sitemaps import sitemap
from wpa_site.views import favicon, healthz, robots_txt

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("favicon.ico", favicon, name="favicon"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
elif settings.SERVE_MEDIA:
    urlpatterns += [path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve_image, name="media_image")]

# What visitors read, in each language: English at the addresses it always
# had, Spanish under /es/. The admin, documents, the sitemap, robots.txt and
# /healthz above stay outside the prefix. Each app's own addresses are named
# by module, as INSTALLED_APPS names the apps: the site imports no content app.
urlpatterns += i18n_patterns(
    path("", include("home.newsletter.urls")),
    path("", include("wpa_site.search.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler400 = "wpa_site.errors.bad_request"
handler500 = "wpa_site.errors.server_error"
