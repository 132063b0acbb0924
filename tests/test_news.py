import re
from io import StringIO

import pytest
from django.core.management import call_command

from news.models import NewsIndexPage, PressItem
from tests.factories import add_press_item
from tests.queries import PAGE_QUERY_BUDGET, count_queries, visit

pytestmark = pytest.mark.django_db


def news_html(client, query=""):
    response = client.get(NewsIndexPage.objects.get(locale__language_code="en").url + query)
    assert response.status_code == 200
    return response.content.decode()


def test_news_index_lists_the_three_seeded_press_items_with_outlets(seeded, client):
    html = news_html(client)
    for outlet, headline in [
        ("CNN", "Keeping Mothers Out of Jail"),
        ("Vogue", "How the Women’s Prison Association Is Working to Keep Mothers With Their Children"),
        ("Marie Claire", "The Sex Abuse to Prison Pipeline"),
    ]:
        assert f'<span class="press-quote__outlet">{outlet}</span>' in html
        assert headline in html


def test_news_index_is_newest_first_and_hides_drafts(seeded, client):
    add_press_item(headline="From 2019", date="2019-01-01")
    add_press_item(headline="From 2024", date="2024-01-01")
    add_press_item(headline="Unpublished draft", publish=False)
    html = news_html(client)
    assert html.index("From 2024") < html.index("From 2019") < html.index("Keeping Mothers Out of Jail")
    assert "Unpublished draft" not in html


def test_news_index_filters_by_outlet_and_ignores_unknown_outlets(seeded, client):
    html = news_html(client, "?outlet=Vogue")
    assert "Keeping Mothers Out of Jail" not in html
    assert "Keep Mothers With Their Children" in html
    assert '<option value="Vogue" selected>' in html

    html = news_html(client, "?outlet=%3Cscript%3E")
    assert "Keeping Mothers Out of Jail" in html
    assert "<script>" not in html


def test_news_index_paginates_and_keeps_the_filter(seeded, client):
    for number in range(12):
        add_press_item(outlet="CNN", headline=f"CNN story {number:02d}", date=f"2024-01-{number + 1:02d}")
    html = news_html(client, "?outlet=CNN")
    assert html.count('class="press-quote"') == 10
    assert 'href="?outlet=CNN&amp;page=2"' in html
    assert "Page 1 of 2" in html

    html = news_html(client, "?outlet=CNN&page=2")
    assert html.count('class="press-quote"') == 3
    assert "Keeping Mothers Out of Jail" in html

    assert news_html(client, "?page=999").count('class="press-quote"') >= 1
    assert news_html(client, "?page=abc").count('class="press-quote"') == 10


def test_news_index_query_count_does_not_grow_with_press_items(seeded, client):
    url = NewsIndexPage.objects.get(locale__language_code="en").url
    before = count_queries(client, url, warm=True)
    assert before <= PAGE_QUERY_BUDGET
    for _ in range(15):
        add_press_item()
    # The first request after a change also reads the site and its settings again.
    response, first_after_change = visit(client, url)
    assert response.content.decode().count('class="press-quote"') == 10
    assert len(first_after_change) <= PAGE_QUERY_BUDGET
    assert count_queries(client, url) == before


def test_press_items_are_searchable_and_filterable_in_the_admin(seeded, admin_client):
    # Index updates wait for the saving transaction to commit, which a test never does.
    call_command("update_index", verbosity=0, stdout=StringIO())
    response = admin_client.get("/admin/snippets/news/pressitem/?q=Vogue")
    assert response.status_code == 200
    content = response.content.decode()
    assert "How the Women’s Prison Association" in content
    assert "Keeping Mothers Out of Jail" not in content
    response = admin_client.get("/admin/snippets/news/pressitem/?outlet=CNN")
    content = response.content.decode()
    assert "Keeping Mothers Out of Jail" in content
    assert "The Sex Abuse to Prison Pipeline" not in content
    assert PressItem.objects.count() == 3


def test_on_spanish_pages_an_english_quote_keeps_its_language_and_says_it_is_in_english(seeded, client):
    english = NewsIndexPage.objects.get(locale__language_code="en")
    spanish_html = client.get("/es/en-las-noticias/").content.decode()
    english_html = client.get(english.url).content.decode()
    quotes = re.findall(r'<figure class="press-quote">.*?</figure>', spanish_html, re.S)
    assert len(quotes) == 3
    for quote in quotes:
        assert '<blockquote class="press-quote__quote" lang="en">' in quote
        assert '<span class="press-quote__language">(en inglés)</span>' in quote
    assert "press-quote__language" not in english_html
