"""Site search: results, odd queries, privacy, pagination."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command

from programs.models import ProgramIndexPage
from tests.factories import add_program, make_private

STATIC = Path(__file__).resolve().parent.parent / "static"

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(seeded):
    call_command("update_index", verbosity=0)


def result_titles(response):
    return re.findall(r'class="search-result__title"><a href="[^"]+">([^<]+)</a>', response.content.decode())


def test_searching_housing_lists_safe_and_stable_housing_first(indexed, client):
    response = client.get("/search/", {"q": "housing"})
    assert response.status_code == 200
    assert result_titles(response)[0] == "Safe and Stable Housing"


@pytest.mark.parametrize(
    "query",
    [
        '"housing',
        '"',
        "housing\x00",
        "\x00\x01\x1f\x7f",
        '("*)-NEAR AND OR NOT:^',
        "x" * 1200,
        "housing " * 300,
        "<script>alert(1)</script>",
        "‘’“”–—…",
        "\u200b\u202e",
        "%00",
        "   ",
    ],
)
def test_odd_queries_get_a_normal_results_page(indexed, client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "\x00" not in html
    assert 'role="search"' in html


def test_long_queries_are_cut_to_200_characters(indexed, client):
    response = client.get("/search/", {"q": "housing " + "y" * 1000})
    value = re.search(r'id="search-query"[^>]*value="([^"]*)"', response.content.decode()).group(1)
    assert len(value) == 200
    assert value.startswith("housing ")


def test_drafts_and_private_pages_never_appear_in_search(indexed, client):
    index = ProgramIndexPage.objects.get(locale__language_code="en")
    add_program(index, title="Housing draft program", publish=False)
    private = add_program(index, title="Housing private program")
    make_private(private)
    call_command("update_index", verbosity=0)
    titles = result_titles(client.get("/search/", {"q": "housing"}))
    assert "Safe and Stable Housing" in titles
    assert "Housing draft program" not in titles
    assert "Housing private program" not in titles


def test_search_results_are_paginated_and_keep_the_query(indexed, client):
    index = ProgramIndexPage.objects.get(locale__language_code="en")
    for number in range(12):
        add_program(index, title=f"Housing support {number}")
    call_command("update_index", verbosity=0)
    first = client.get("/search/", {"q": "housing"})
    assert len(result_titles(first)) == 10
    assert 'href="?q=housing&amp;page=2"' in first.content.decode()
    second = client.get("/search/", {"q": "housing", "page": "2"})
    assert result_titles(second)
    assert set(result_titles(first)).isdisjoint(result_titles(second))
    both = set(result_titles(first)) | set(result_titles(second))
    assert {f"Housing support {number}" for number in range(12)} <= both


def test_search_says_what_it_looked_for_escaped_and_when_nothing_matched(indexed, client):
    html = client.get("/search/", {"q": "zzzzqqq <b>{x}</b> 100%"}).content.decode()
    assert '<h1 class="page-header__title" id="search-heading">Search</h1>' in html
    assert "No pages match your search." in html
    assert "Results for “zzzzqqq &lt;b&gt;{x}&lt;/b&gt; 100%”" in html


def test_every_page_has_a_search_form(seeded, client):
    assert 'action="/search/"' in client.get("/").content.decode()
