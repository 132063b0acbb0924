"""Only canonical addresses are stored in the page cache: a page number
that exists, written plainly, and an outlet that exists. Random query values
are answered, never stored, so nobody can fill the cache."""

import random
import string

import pytest
from django.core.cache import cache

from news.models import NewsIndexPage
from tests.factories import add_press_item


@pytest.fixture
def news(seeded, settings):
    settings.PAGE_CACHE_SECONDS = 3600
    for number in range(25):
        add_press_item(outlet="CNN", headline=f"CNN story {number:02d}", date=f"2024-01-{number + 1:02d}")
    cache.clear()
    return NewsIndexPage.objects.get(locale__language_code="en").url


def stored_pages():
    return [key for key in cache._cache if ":page:" in key]


def cache_state(client, url):
    return client.get(url).get("X-Page-Cache")


def test_a_thousand_random_query_values_leave_the_stored_pages_bounded(news, client):
    client.get(news)
    before = len(stored_pages())
    rng = random.Random(1845)  # noqa: S311 (repeatable test values)
    for _ in range(1000):
        value = "".join(rng.choices(string.ascii_letters + string.digits, k=rng.randint(1, 12)))
        parameter = rng.choice(["page", "outlet"])
        response = client.get(news, {parameter: value})
        assert response.status_code == 200
    # A random value that happens to be a real page number ("2") is that page's own address.
    canonical = {f"{news}:", f"{news}:page=2", f"{news}:page=3", f"{news}:outlet=CNN"}
    stored = {key.split(":http:testserver:")[1] for key in stored_pages()}
    assert stored <= canonical
    assert len(stored_pages()) <= before + len(canonical)


@pytest.mark.parametrize("query", ["page=1", "page=02", "page=999", "page=-3", "page=", "outlet=", "outlet=Nope"])
def test_non_canonical_addresses_are_answered_but_not_stored(news, client, query):
    response = client.get(f"{news}?{query}")
    assert response.status_code == 200
    assert "X-Page-Cache" not in response
    assert cache_state(client, f"{news}?{query}") is None


@pytest.mark.parametrize("query", ["", "?page=2", "?outlet=CNN", "?outlet=CNN&page=2"])
def test_canonical_addresses_are_stored_and_served(news, client, query):
    assert cache_state(client, news + query) == "miss"
    assert cache_state(client, news + query) == "hit"


def test_the_same_parameters_in_another_order_share_one_stored_page(news, client):
    assert cache_state(client, f"{news}?outlet=CNN&page=2") == "miss"
    assert cache_state(client, f"{news}?page=2&outlet=CNN") == "hit"
