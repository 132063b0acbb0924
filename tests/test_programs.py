import json
import re
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.rich_text import RichText

from programs.models import ProgramIndexPage, ProgramPage
from tests.factories import add_image, add_program, every_block, make_private
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


def json_ld(html):
    return [
        json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


def housing():
    return ProgramPage.objects.get(slug="safe-and-stable-housing")


def main_html(client, url):
    html = client.get(url).content.decode()
    return html[html.index("<main") : html.index("</main>")]


def test_a_program_page_with_every_block_shows_each_of_them_in_order(seeded, client):
    program = housing()
    program.who_its_for_heading = "Who this program is for"
    program.who_its_for = "<p>Women coming home.</p>"
    program.body = every_block(add_image("Meeting room"))
    program.save_revision().publish()

    html = main_html(client, program.url)
    text = unescape(html)
    assert "Women coming home." in text
    assert '<a href="https://example.org/">link</a>' in html
    figure = re.search(r'<figure class="block-image">(.*?)</figure>', html, re.S).group(1)
    assert 'alt="Two chairs by a window"' in figure
    assert "<figcaption>The room where we meet.</figcaption>" in figure
    assert "<blockquote><p>“They listened to me.”</p></blockquote>" in text

    # The steps: a numbered list under a heading of their own, each a title and its text.
    steps = re.search(
        r'<h2 class="block-heading">How to get this help</h2>\s*<ol class="steps"[^>]*>(.*?)</ol>', html, re.S
    )
    assert steps, "no numbered steps under their heading"
    items = re.findall(r'<li class="steps__item">(.*?)</li>', steps.group(1), re.S)
    assert [re.search(r"<h3[^>]*>(.*?)</h3>", item).group(1) for item in items] == [
        "Write to us",
        "We call you back",
        "We meet",
    ]
    assert "Use the Connect form." in items[0] and "<p>" not in items[1]

    # Questions: each answer opens under its question.
    assert '<h2 class="block-heading">Questions and answers</h2>' in html
    questions = re.findall(r'<details class="question">\s*<summary[^>]*>(.*?)</summary>(.*?)</details>', html, re.S)
    assert [question for question, _ in questions] == ["Is it free?", "Can I bring my children?"]
    assert "An answer staff wrote." in questions[0][1]

    order = ["Women coming home.", "Staff’s own words", "Two chairs", "They listened", "Write to us", "Is it free?"]
    assert [text.index(words) for words in order] == sorted(text.index(words) for words in order)


def test_headings_of_the_steps_and_questions_are_staffs_when_given_and_spanish_on_spanish_pages(spanish, client):
    program = housing()
    program.body = [
        ("steps", {"heading": "Getting started", "steps": [{"title": "Call", "text": RichText("")}]}),
        ("questions", {"heading": "", "questions": [{"question": "Q?", "answer": RichText("<p>A.</p>")}]}),
    ]
    program.save_revision().publish()
    assert '<h2 class="block-heading">Getting started</h2>' in main_html(client, program.url)

    spanish_program = program.get_translation(spanish)
    spanish_program.body = program.body
    spanish_program.save_revision().publish()
    html = main_html(client, spanish_program.url)
    assert '<h2 class="block-heading">Preguntas y respuestas</h2>' in html


def test_who_its_for_shows_only_with_a_heading_and_some_text(seeded, client):
    program = housing()
    for heading, text in [("Who this program is for", ""), ("Who this program is for", "<p></p>"), ("", "")]:
        program.who_its_for_heading, program.who_its_for = heading, text
        program.save_revision().publish()
        html = main_html(client, program.url)
        assert "who-for" not in html
        assert "Who this program is for" not in html

    # Text with no heading would be hidden: the editor asks for one instead.
    program.who_its_for_heading, program.who_its_for = "", "<p>Women coming home.</p>"
    with pytest.raises(ValidationError) as refused:
        program.full_clean()
    assert "who_its_for_heading" in refused.value.message_dict


def test_a_program_page_shows_the_way_back_up_as_a_breadcrumb(spanish, client):
    program = housing()
    html = main_html(client, program.url)
    nav = re.search(r'<nav class="breadcrumbs" aria-label="Breadcrumb">\s*<ol[^>]*>(.*?)</ol>', html, re.S)
    assert nav, "no breadcrumb"
    crumbs = re.findall(r'<a href="([^"]+)"( aria-current="page")?>([^<]+)</a>', nav.group(1))
    assert crumbs == [
        ("/", "", "Home"),
        ("/our-care-model/", "", "Our Care Model"),
        (program.url, ' aria-current="page"', "Safe and Stable Housing"),
    ]
    assert html.index('class="breadcrumbs"') < html.index("<h1")

    full = client.get(program.url).content.decode()
    (trail,) = [data for data in json_ld(full) if data.get("@type") == "BreadcrumbList"]
    assert [(item["position"], item["name"]) for item in trail["itemListElement"]] == [
        (1, "Home"),
        (2, "Our Care Model"),
        (3, "Safe and Stable Housing"),
    ]
    canonical = re.search(r'<link rel="canonical" href="([^"]+)">', full).group(1)
    assert trail["itemListElement"][2]["item"] == canonical

    spanish_program = program.get_translation(spanish)
    html = main_html(client, spanish_program.url)
    assert 'aria-label="Ruta de navegación"' in html
    assert '<a href="/es/">Inicio</a>' in html
    assert f'<a href="{spanish_program.get_parent().url}">{spanish_program.get_parent().title}</a>' in unescape(html)


def card_titles(html):
    """The programs the cards lead to, by the words of their links ("Learn about …")."""
    links = re.findall(r'<a class="card__link" href="[^"]+">(?:Learn about|Más sobre) ([^<]+)</a>', html)
    return [unescape(title) for title in links]


def test_a_program_page_ends_with_the_other_programs_and_a_way_to_ask_about_it(seeded, client):
    index = ProgramIndexPage.objects.get(locale__language_code="en")
    add_program(index, title="Draft program", publish=False)
    make_private(add_program(index, title="Private program"))
    program = housing()
    html = main_html(client, program.url)

    others = html[html.index('id="other-programs-heading"') :]
    assert card_titles(others) == [
        "Community-Based Supports",
        "Alternatives to Incarceration",
        "Trauma-Informed Clinical Care",
    ]
    # Its last word is the invitation to ask about this very program.
    last = html[html.rindex("<section") :]
    assert "Questions about this program?" in last
    ask = re.search(r'href="([^"]+)">Ask about this program</a>', last).group(1)
    assert unescape(ask).endswith(f"?program={program.pk}")
    assert html.index('id="other-programs-heading"') < html.rindex("Ask about this program")


def test_the_other_programs_cost_the_same_queries_however_many_there_are(seeded, client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    url = housing().url
    before = count_queries(client, url, warm=True)
    assert before <= PAGE_QUERY_BUDGET
    index = ProgramIndexPage.objects.get(locale__language_code="en")
    for number in range(5):
        add_program(index, image=add_image(f"Photo {number}"))
    html = client.get(url).content.decode()
    assert len(card_titles(html)) == 8
    assert count_queries(client, url, warm=True) <= before + 1  # the renditions, once for every card


def test_a_program_page_whose_images_were_deleted_still_renders(seeded, client):
    program = housing()
    page_image, block_image = add_image("Page photo"), add_image("Block photo")
    program.image = page_image
    program.body = every_block(block_image)
    program.save_revision().publish()
    html = main_html(client, program.url)
    assert html.count("<picture>") == 2

    page_image.delete()
    block_image.delete()
    response = client.get(program.url)
    assert response.status_code == 200
    html = main_html(client, program.url)
    assert "<picture>" not in html
    assert '<figure class="block-image">' not in html  # no caption left alone without its picture
    assert "They listened to me." in unescape(html)


def test_every_part_of_the_program_blocks_explains_itself_to_editors():
    from programs.blocks import ProgramStreamBlock
    from tests.test_admin_help import block_children, block_help_text, is_project_group

    missing = [
        path
        for path, child in block_children(ProgramStreamBlock(), "ProgramStreamBlock")
        if not (is_project_group(child) or isinstance(child, blocks.ListBlock)) and not block_help_text(child)
    ]
    assert missing == []


def test_editors_find_the_steps_and_the_questions_among_the_program_blocks(seeded, admin_client):
    from django.urls import reverse

    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[housing().pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for label in ["How to get this help", "Questions and answers", "Who it is for"]:
        assert label in html
