import pytest
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from programs.models import ProgramIndexPage, ProgramPage
from tests.factories import add_program
from tests.queries import PAGE_QUERY_BUDGET, count_queries, visit

pytestmark = pytest.mark.django_db


def test_program_page_shows_title_summary_and_hides_empty_who_its_for(seeded, client):
    program = ProgramPage.objects.get(slug="safe-and-stable-housing")
    html = client.get(program.url).content.decode()
    assert '<h1 class="page-header__title">Safe and Stable Housing</h1>' in html
    assert program.summary in html
    assert "who-for" not in html

    program.who_its_for_heading = "Who this program is for"
    program.who_its_for = "<p>Women leaving Rikers Island.</p>"
    program.save_revision().publish()
    html = client.get(program.url).content.decode()
    assert "Who this program is for" in html
    assert "Women leaving Rikers Island." in html


def test_program_body_renders_staff_blocks(seeded, client):
    program = ProgramPage.objects.get(slug="community-based-supports")
    program.body = [
        ("heading", "How it works"),
        ("quote", {"quote": "“WPA helped me home.”", "attribution": "A participant"}),
        (
            "statistics",
            {"heading": "", "items": [{"value": "42", "label": "Families housed", "description": ""}]},
        ),
    ]
    program.save_revision().publish()
    html = client.get(program.url).content.decode()
    assert '<h2 class="block-heading">How it works</h2>' in html
    assert "<blockquote><p>“WPA helped me home.”</p></blockquote>" in html
    assert "<cite>A participant</cite>" in html
    assert "Families housed" in html


def test_program_index_lists_programs_in_tree_order_with_a_fixed_query_count(seeded, client):
    index = ProgramIndexPage.objects.get(locale__language_code="en")
    response, before = visit(client, index.url, warm=True)
    html = response.content.decode()
    assert html.index("Community-Based Supports") < html.index("Trauma-Informed Clinical Care")
    assert len(before) <= PAGE_QUERY_BUDGET

    for _ in range(6):
        add_program(index)
    # The first request after a change also reads the site and its settings again.
    response, first_after_change = visit(client, index.url)
    assert response.content.decode().count('class="card"') == 10
    assert len(first_after_change) <= PAGE_QUERY_BUDGET
    assert count_queries(client, index.url) == len(before)


def test_addresses_resolve_to_live_pages_only(seeded, client):
    index = ProgramIndexPage.objects.get(locale__language_code="en")
    draft = add_program(index, title="Draft program", publish=False)
    assert client.get("/our-care-model/safe-and-stable-housing/").status_code == 200
    assert client.get(f"/our-care-model/{draft.slug}/").status_code == 404
    assert client.get("/our-care-model/no-such-program/").status_code == 404
    assert client.get("/our-care-model/safe-and-stable-housing/extra/").status_code == 404
    assert client.get("/safe-and-stable-housing/").status_code == 404


def test_program_page_renders_within_the_detail_page_query_budget(seeded, client):
    url = ProgramPage.objects.get(slug="safe-and-stable-housing").url
    assert count_queries(client, url, warm=True) <= PAGE_QUERY_BUDGET


def test_program_cards_load_only_the_cards_own_renditions_of_each_image(seeded, client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    image = Image.objects.create(title="Kitchen table", file=get_test_image_file(), description="Three women talking.")
    program = ProgramPage.objects.get(slug="safe-and-stable-housing")
    program.image = image
    program.save_revision().publish()
    index = ProgramIndexPage.objects.get(locale__language_code="en")
    client.get(index.url)  # makes the card's renditions
    card_specs = set(image.renditions.values_list("filter_spec", flat=True))
    assert card_specs, "the card made no renditions"
    for spec in ["width-640|format-avif", "width-1280|format-jpeg", "fill-1200x630|format-jpeg|jpegquality-80"]:
        image.get_rendition(spec)  # the page's own picture and its share image: not the card's

    cards = ProgramPage.cards(None, ProgramPage.objects.child_of(index))
    (illustrated,) = [card for card in cards if card.image_id]
    assert {rendition.filter_spec for rendition in illustrated.image.prefetched_renditions} == card_specs
    response, queries = visit(client, index.url)
    assert 'class="card card--image"' in response.content.decode()
    rendition_queries = [sql for sql in queries if "wagtailimages_rendition" in sql]
    assert len(rendition_queries) == 1, "one prefetch for every card's renditions"
    assert '"wagtailimages_rendition"."filter_spec" IN' in rendition_queries[0]
