"""Site search in Spanish: a search from a Spanish page finds Spanish pages
only, whatever form of a word the visitor types, and the English search
stays with the English pages."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from programs.models import ProgramPage
from tests.queries import count_queries

pytestmark = pytest.mark.django_db

SPANISH_TITLE = "Vivienda segura y estable"


def spanish_search_path():
    with translation.override("es"):
        return reverse("search")


def results(response):
    """(address, title) of each result, in order."""
    assert response.status_code == 200
    return re.findall(r'class="search-result__title"><a href="([^"]+)">([^<]+)</a>', response.content.decode())


@pytest.fixture
def spanish_housing(spanish):
    """The Spanish housing program, written in Spanish and published as an editor would."""
    call_command("update_index", verbosity=0)
    english = ProgramPage.objects.get(title="Safe and Stable Housing", locale__language_code="en")
    page = english.get_translation(spanish)
    page.title = SPANISH_TITLE
    page.summary = "Ayudamos a cada mujer a encontrar una vivienda y a conservarla."
    page.who_its_for_heading = "Para quién es"
    page.who_its_for = "Mujeres que necesitan atención después de salir de prisión."
    # Only the singular is left in the page, so the plural can find it only by its stem.
    page.body = []
    page.save_revision().publish()
    return page


@pytest.mark.parametrize("query", ["vivienda", "viviendas", "Viviendas"])
def test_spanish_search_finds_the_housing_program_by_either_word_form(spanish_housing, client, query):
    found = results(client.get(spanish_search_path(), {"q": query}))
    assert (spanish_housing.url, SPANISH_TITLE) in found, f"{query!r} found {found}"


@pytest.mark.parametrize("query", ["atención", "atencion", "ATENCION"])
def test_spanish_search_ignores_accents(spanish_housing, client, query):
    found = results(client.get(spanish_search_path(), {"q": query}))
    assert (spanish_housing.url, SPANISH_TITLE) in found


def test_a_spanish_search_lists_only_spanish_pages_and_an_english_one_only_english(spanish_housing, client):
    spanish_home = spanish_housing.get_parent().get_parent().url
    spanish_found = results(client.get(spanish_search_path(), {"q": "vivienda housing"}))
    english_found = results(client.get("/search/", {"q": "vivienda housing"}))
    assert spanish_found and english_found
    assert all(address.startswith(spanish_home) for address, _ in spanish_found)
    assert not any(address.startswith(spanish_home) for address, _ in english_found)
    assert english_found[0][1] == "Safe and Stable Housing"
    assert results(client.get("/search/", {"q": "viviendas"})) == []


def test_the_spanish_search_page_speaks_spanish_and_searches_in_place(spanish_housing, client):
    html = client.get(spanish_search_path(), {"q": "vivienda"}).content.decode()
    assert '<html lang="es"' in html
    assert f'action="{spanish_search_path()}"' in html


def test_a_spanish_search_costs_no_more_than_one_query_over_an_english_one(spanish_housing, client):
    english = count_queries(client, "/search/?q=housing+support", warm=True)
    spanish = count_queries(client, spanish_search_path() + "?q=viviendas+seguras", warm=True)
    assert spanish <= english + 1
