"""The shared cache (Redis) goes away and comes back: the site keeps serving
every page without it, says so in /healthz, logs it once, and caches again
by itself. A private redis-server is stopped and started mid-test."""

import json
import logging
import time

import pytest
from django.core.cache import caches
from django.test import override_settings

from tests.admin_helpers import PASSWORD
from tests.connect_helpers import send
from tests.servers import RedisServer
from wpa_site.cache.redis_outage import outage, redis_cache

RETRY_SECONDS = 0.5
PAGES = ["/", "/our-care-model/", "/connect/", "/in-the-news/?page=1", "/admin/login/"]


@pytest.fixture
def redis_server():
    with RedisServer() as server:
        yield server


@pytest.fixture
def redis_cached_site(seeded, redis_server, settings):
    settings.PAGE_CACHE_SECONDS = 3600
    settings.CACHE_RETRY_SECONDS = RETRY_SECONDS
    settings.CACHE_LOG_SECONDS = 3600
    with override_settings(CACHES={"default": redis_cache(redis_server.url, "outage-test", 0.25)}):
        caches["default"].clear()
        yield redis_server
    outage.ended()


def health(client):
    response = client.get("/healthz")
    return response.status_code, json.loads(response.content)


def test_pages_are_cached_in_redis_while_it_answers(redis_cached_site, client):
    assert client.get("/our-care-model/")["X-Page-Cache"] == "miss"
    assert client.get("/our-care-model/")["X-Page-Cache"] == "hit"
    assert health(client) == (200, {**health(client)[1], "status": "ok", "cache": "ok"})


def test_with_redis_stopped_every_page_still_answers_and_healthz_says_degraded(redis_cached_site, client):
    client.get("/")  # connections to Redis are open when it goes away
    redis_cached_site.stop()
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "X-Page-Cache" not in response, (
            path,
            response["X-Page-Cache"],
        )  # served without the cache, nothing stored
    status, body = health(client)
    assert status == 200
    assert body["status"] == "degraded"
    assert body["cache"] == "unreachable"
    assert body["database"] == "ok"


def test_a_connect_message_sent_while_redis_is_down_is_kept(redis_cached_site, client, connect, fresh_rate_limits):
    from home.models import ConnectSubmission

    redis_cached_site.stop()
    response = send(client, connect, your_message="Sent while the cache was down.")
    assert response.status_code == 303  # on to the thank-you page
    assert [submission.form_data["your_message"] for submission in ConnectSubmission.objects.all()] == [
        "Sent while the cache was down."
    ]


def test_staff_can_still_sign_in_while_redis_is_down(redis_cached_site, client, moderator):
    redis_cached_site.stop()
    response = client.post("/admin/login/", {"username": moderator.username, "password": PASSWORD})
    assert response.status_code == 302


def test_an_outage_is_logged_once_not_once_per_request(redis_cached_site, client, caplog):
    redis_cached_site.stop()
    with caplog.at_level(logging.WARNING, logger="wpa_site.cache"):
        for _ in range(3):
            for path in PAGES:
                client.get(path)
            time.sleep(RETRY_SECONDS)  # each window's end makes one more try
    warnings = [record for record in caplog.records if record.name == "wpa_site.cache"]
    assert len(warnings) == 1
    assert "cannot be reached" in warnings[0].getMessage()


def test_during_an_outage_redis_is_not_tried_on_every_request(redis_cached_site, client, settings):
    settings.CACHE_RETRY_SECONDS = 30
    redis_cached_site.stop()
    client.get("/")
    assert outage.is_active()
    # A server listening again on the port is not asked until the window ends.
    redis_cached_site.start()
    response = client.get("/our-care-model/")
    assert "X-Page-Cache" not in response
    assert health(client)[1]["cache"] == "unreachable"


def test_caching_resumes_by_itself_when_redis_comes_back(redis_cached_site, client, caplog):
    client.get("/our-care-model/")
    redis_cached_site.stop()
    client.get("/our-care-model/")
    redis_cached_site.start()
    time.sleep(RETRY_SECONDS + 0.1)
    with caplog.at_level(logging.WARNING, logger="wpa_site.cache"):
        assert client.get("/our-care-model/")["X-Page-Cache"] == "miss"
    assert client.get("/our-care-model/")["X-Page-Cache"] == "hit"
    assert health(client)[1]["status"] == "ok"
    assert any("answers again" in record.getMessage() for record in caplog.records)


def test_a_change_made_during_an_outage_shows_within_seconds(redis_cached_site, client, monkeypatch):
    from home.models import SiteWideContent

    monkeypatch.setattr("wpa_site.cache.memory.OUTAGE_MEMORY_SECONDS", RETRY_SECONDS)
    redis_cached_site.stop()
    client.get("/our-care-model/")
    content = SiteWideContent.objects.get(locale__language_code="en")
    content.footer_text = "A footer changed while the cache was down."
    content.save()
    time.sleep(RETRY_SECONDS)
    assert "A footer changed while the cache was down." in client.get("/our-care-model/").content.decode()
