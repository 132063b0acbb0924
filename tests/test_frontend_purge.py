"""The frontend purge (wpa_site/cache/frontend_purge.py) and what Varnish
relies on, without servers: the settings, what each change purges and when,
a cache that is down or silent, the news index's addresses, the VCL beside
the site's own rules, and the s-maxage that ends at midnight.
tests/test_varnish.py shows the same through a real Varnish."""

import ast
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from datetime import datetime
from html import unescape
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from tests.servers import PROJECT_ROOT, SITE_VCL, free_port, production_env


def test_frontend_cache_varnish_configures_the_purge_from_the_environment(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(repr((settings.WAGTAILFRONTENDCACHE, settings.WAGTAILFRONTENDCACHE_LANGUAGES, "
        "'wagtail.contrib.frontend_cache' in settings.INSTALLED_APPS)))"
    )
    env = production_env(
        f"sqlite:///{tmp_path / 'x.sqlite3'}",
        tmp_path,
        FRONTEND_CACHE="varnish",
        FRONTEND_CACHE_LOCATION="http://10.0.0.5:6081",
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True)
    backends, languages, installed = ast.literal_eval(done.stdout.strip().splitlines()[-1])
    assert backends == {
        "varnish": {
            "BACKEND": "wpa_site.cache.frontend_purge.HTTPBackend",
            "LOCATION": "http://10.0.0.5:6081",
            "TIMEOUT": 2,
        }
    }
    assert languages == [] and installed
    env["FRONTEND_CACHE"] = "squid"
    done = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True)
    assert "FRONTEND_CACHE must be varnish, cloudflare or cloudfront, not 'squid'" in done.stderr


def test_the_vcl_passes_what_the_site_never_caches():
    vcl = SITE_VCL.read_text()
    from wpa_site.cache.pages import CACHEABLE_PARAMETERS
    from wpa_site.paths import admin_prefix, documents_prefix, search_paths

    for prefix in (admin_prefix(), documents_prefix()):
        assert prefix.strip("/") in re.search(r'req\.url ~ "\^/\(([^)]*)\)/"', vcl).group(1).split("|")
    assert search_paths() == ("/search/", "/es/buscar/")
    assert 'req.url ~ "^/search/" || req.url ~ "^/es/(buscar|search)/"' in vcl
    assert f"(^|;\\s*){settings.SESSION_COOKIE_NAME}=" in vcl
    assert sorted(CACHEABLE_PARAMETERS) == ["outlet", "page"] and "(page|outlet)" in vcl


@pytest.mark.django_db
def test_the_news_index_names_every_address_its_own_links_use(client, seeded):
    from news.models import NewsIndexPage
    from tests.factories import add_press_item

    for number in range(12):
        add_press_item(outlet="The Example Times", headline=f"Story {number}")
    page = NewsIndexPage.objects.get(locale__language_code="en")
    paths = page.get_cached_paths()
    assert paths[0] == "/" and "?page=2" in paths and "?outlet=The+Example+Times&page=2" in paths
    seen, to_visit = set(), ["/"]
    while to_visit:
        path = to_visit.pop()
        seen.add(path)
        html = client.get(page.url + path.lstrip("/")).content.decode()
        links = {unescape(link) for link in re.findall(r'href="\?([^"]+)"', html)}
        links |= {
            "outlet=" + urllib.parse.quote_plus(outlet) for outlet in re.findall(r'<option value="([^"]+)"', html)
        }
        to_visit += [f"?{link}" for link in links if f"?{link}" not in seen]
    assert seen == set(paths)


def test_s_maxage_ends_at_the_next_local_midnight():
    from wpa_site.cache.headers import CacheHeadersMiddleware, seconds_left_today

    zone = ZoneInfo(settings.TIME_ZONE)
    late = datetime(2026, 3, 1, 23, 59, 50, tzinfo=zone)
    with mock.patch.object(timezone, "now", return_value=late.astimezone(ZoneInfo("UTC"))):
        assert seconds_left_today() == 10
        request = RequestFactory().get("/")
        request.COOKIES = {}
        response = CacheHeadersMiddleware(lambda request: HttpResponse("<p>A page</p>"))(request)
    assert response["Cache-Control"] == "public, max-age=0, s-maxage=10"


class SilentServer:
    """A cache that accepts connections and never answers."""

    def __init__(self):
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.connections = []
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            try:
                self.connections.append(self.socket.accept()[0])
            except OSError:
                return

    def close(self):
        for connection in self.connections:
            connection.close()
        self.socket.close()


@pytest.mark.django_db
def test_a_purge_waits_for_the_commit_and_a_cache_down_or_silent_is_logged_not_raised(
    caplog, django_capture_on_commit_callbacks
):
    from wpa_site.cache.frontend_purge import HTTPBackend

    silent = SilentServer()
    try:
        for location in (f"http://127.0.0.1:{free_port()}", f"http://127.0.0.1:{silent.port}"):
            backend = HTTPBackend({"LOCATION": location, "TIMEOUT": 0.5})
            with django_capture_on_commit_callbacks() as callbacks:
                backend.purge_batch(["http://localhost/", "http://localhost/in-the-news/?page=2"])
            assert len(callbacks) == 1, "nothing is sent before the commit"
            started = time.monotonic()
            callbacks[0]()
            assert time.monotonic() - started < 2
    finally:
        silent.close()
    assert len([record for record in caplog.records if "Could not purge 2 addresses" in record.getMessage()]) == 2


@pytest.fixture
def purges():
    """The frontend purge's handlers connected (the test settings install no
    frontend cache), and the addresses of each batch they send."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from wpa_site.cache import frontend_purge

    sent = []
    with (
        mock.patch.object(frontend_purge.apps, "is_installed", return_value=True),
        mock.patch.object(frontend_purge.PurgeBatch, "purge", lambda batch: sent.append(set(batch.urls))),
    ):
        frontend_purge.connect()
        try:
            yield sent
        finally:
            for signal, uid in (
                (page_published, "published"),
                (page_unpublished, "unpublished"),
                (post_page_move, "move"),
                (post_save, "post-save"),
                (post_delete, "post-delete"),
            ):
                signal.disconnect(dispatch_uid=f"frontend-purge-{uid}")


@pytest.mark.django_db
def test_a_move_purges_every_page_once_with_the_old_addresses(seeded, purges, django_capture_on_commit_callbacks):
    from home.models import HomePage
    from programs.models import ProgramPage

    program = ProgramPage.objects.get(slug="safe-and-stable-housing")
    with django_capture_on_commit_callbacks(execute=True):
        program.move(HomePage.objects.get(locale__language_code="en"), pos="last-child")
    # (Wagtail's redirects app sends its own batch: the redirect it makes from the old address.)
    ours = [batch for batch in purges if "http://localhost/sitemap.xml" in batch]
    assert len(ours) == 1, "one move, one batch"
    assert {
        "http://localhost/our-care-model/safe-and-stable-housing/",
        "http://localhost/safe-and-stable-housing/",
        "http://localhost/",
        "http://localhost/our-care-model/",
    } <= ours[0]


OUTLET_FILTERS = ("?outlet=CNN", "?outlet=Marie+Claire", "?outlet=Vogue")


@pytest.mark.django_db
def test_a_press_item_purges_the_pages_that_show_press_items_only(seeded, purges, django_capture_on_commit_callbacks):
    from news.models import PressItem

    with django_capture_on_commit_callbacks(execute=True):
        item = PressItem.objects.get(outlet="CNN")
        item.headline = "Changed"
        item.save()
    news = ["/in-the-news/", "/es/en-las-noticias/"]
    assert purges == [
        {"http://localhost/", "http://localhost/es/"}
        | {f"http://localhost{index}{query}" for index in news for query in ("", *OUTLET_FILTERS)}
    ]


@pytest.mark.django_db
def test_a_deleted_image_leaves_the_cache_by_its_own_addresses(seeded, purges, django_capture_on_commit_callbacks):
    import io

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images.models import Image

    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30)).save(buffer, format="PNG")
    image = Image(title="Photo", description="A photo.")
    image.file.save("photo.png", ImageFile(buffer, name="photo.png"), save=False)
    image.save()
    rendition = image.get_rendition("width-20")
    purges.clear()
    with django_capture_on_commit_callbacks(execute=True):
        image.delete()
    assert len(purges) == 1
    assert {f"http://localhost{rendition.url}", f"http://localhost{image.file.url}", "http://localhost/"} <= purges[0]
