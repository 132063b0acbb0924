import re
from html import unescape
from pathlib import Path

import pytest
from wagtail.models import Page

from home.models import HomePage, HomePageStatistic, PromotionPage
from news.models import PressItem
from programs.models import ProgramIndexPage, ProgramPage
from tests.factories import add_press_item, add_program, make_private
from tests.queries import HOME_QUERY_BUDGET, count_queries

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED_COPY = PROJECT_ROOT.parent / "shared" / "content" / "homepage-copy.txt"
REPO_COPY = Path(__file__).with_name("data") / "homepage-copy.txt"

pytestmark = pytest.mark.django_db


def normalize(text):
    """Compare words, not typography: straight and curly quotes, dashes and spacing are alike."""
    text = unescape(text)
    for curly, straight in {"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-"}.items():
        text = text.replace(curly, straight)
    return re.sub(r"\s+", " ", text).strip()


def visible_text(html):
    """The page's words as a reader meets them: inline tags join, block tags separate."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"</?(a|span|cite|em|strong|b|i|time|abbr|q)\b[^>]*>", "", html)
    return normalize(re.sub(r"<[^>]+>", " ", html))


def seed_sentences():
    """Each paragraph of the organization's copy; a paragraph may wrap over lines."""
    text = REPO_COPY.read_text(encoding="utf-8")
    return [normalize(paragraph) for paragraph in re.split(r"\n\s*\n", text) if paragraph.strip()]


def home_html(client):
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_repository_keeps_the_organizations_copy_that_the_home_page_is_checked_against():
    assert len(seed_sentences()) >= 30


def test_the_repository_copy_has_not_drifted_from_the_organizations_copy():
    if not SHARED_COPY.exists():
        pytest.skip(f"{SHARED_COPY} is not beside this checkout; the repository copy is checked alone")
    assert REPO_COPY.read_text(encoding="utf-8") == SHARED_COPY.read_text(encoding="utf-8")


def test_every_sentence_of_the_organizations_copy_is_on_the_home_page(seeded, client, in_february):
    text = visible_text(home_html(client))
    missing = [sentence for sentence in seed_sentences() if sentence not in text]
    assert missing == []


def test_home_page_text_comes_from_the_database(seeded, client):
    home = HomePage.objects.get(locale__language_code="en")
    home.mission_statement = "A mission statement edited by staff."
    home.save_revision().publish()
    statistic = home.statistics.first()
    statistic.value = "612"
    statistic.save()

    text = visible_text(home_html(client))
    assert "A mission statement edited by staff." in text
    assert "Our mission is to make the incarceration of women obsolete." not in text
    assert "612" in text
    assert "500+" not in text


def test_program_cards_link_to_each_program_in_tree_order(seeded, client):
    html = home_html(client)
    links = re.findall(r'<a class="card__link" href="([^"]+)">Learn about ([^<]+)</a>', html)
    assert [unescape(title) for _, title in links] == [
        "Community-Based Supports",
        "Alternatives to Incarceration",
        "Safe and Stable Housing",
        "Trauma-Informed Clinical Care",
    ]
    titles = [unescape(title) for title in re.findall(r'<h3 class="card__title">([^<]+)</h3>', html)]
    assert titles == [unescape(title) for _, title in links]
    for url, title in links:
        program_html = client.get(url).content.decode()
        assert re.search(r"<h1[^>]*>\s*" + re.escape(title) + r"\s*</h1>", program_html)
        assert ProgramPage.objects.get(title=unescape(title)).summary in unescape(program_html)


def test_home_links_to_the_impact_report_the_promotion_and_the_news(seeded, client, in_february):
    html = home_html(client)
    for path in ["/2025-impact-report/", "/books-are-magic/", "/in-the-news/"]:
        assert f'href="{path}"' in html
        assert client.get(path).status_code == 200


def test_draft_and_private_programs_are_not_listed(seeded, client):
    index = ProgramIndexPage.objects.get(locale__language_code="en")
    add_program(index, title="Draft program", publish=False)
    private = add_program(index, title="Private program")
    make_private(private)

    for path in ["/", index.url]:
        html = client.get(path).content.decode()
        assert "Draft program" not in html
        assert "Private program" not in html
        assert "Safe and Stable Housing" in html


def test_unpublished_or_private_feature_pages_are_hidden_from_home(seeded, client):
    report = Page.objects.get(slug="2025-impact-report")
    make_private(report)
    PromotionPage.objects.get(locale__language_code="en").unpublish()

    html = home_html(client)
    assert "2025 Impact Report" not in html
    assert "Books Are Magic" not in html


def test_press_quotes_show_featured_published_items_newest_first(seeded, client):
    PressItem.objects.update(featured=False)
    older = add_press_item(headline="An older story", date="2020-03-01")
    newer = add_press_item(headline="A newer story", date="2024-05-01")
    add_press_item(headline="A draft story", date="2025-01-01", publish=False)
    add_press_item(headline="Not featured", date="2025-01-01", featured=False)

    html = home_html(client)
    assert html.index(newer.headline) < html.index(older.headline)
    assert "A draft story" not in html
    assert "Not featured" not in html
    assert "<blockquote" in html and "<cite" in html


def test_empty_sections_hide_themselves(seeded, client):
    home = HomePage.objects.get(locale__language_code="en")
    home.statistics.all().delete()
    for field in ["mission_statement", "care_model_heading", "care_model_intro", "connect_heading", "press_heading"]:
        setattr(home, field, "")
    home.impact_report = None
    home.promotion = None
    home.save_revision().publish()
    ProgramPage.objects.all().delete()
    PressItem.objects.all().delete()

    html = home_html(client)
    for css_class in ["stats-band", "mission", "care-model", "connect", "features", "press"]:
        assert f'class="section {css_class}' not in html and f'class="{css_class}' not in html
    assert html.count("<h1") == 1


def test_the_home_page_has_one_h1_and_headings_in_order(seeded, client):
    html = home_html(client)
    levels = [int(level) for level in re.findall(r"<h([1-6])", html)]
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(later - earlier <= 1 for earlier, later in zip(levels, levels[1:], strict=False))


def test_page_titles_and_meta_descriptions(seeded, client):
    html = home_html(client)
    assert "<title>Women’s Prison Association</title>" in html
    assert '<meta name="description" content="WPA provides women' in html
    program_html = client.get("/our-care-model/safe-and-stable-housing/").content.decode()
    assert "<title>Safe and Stable Housing | Women’s Prison Association</title>" in program_html
    assert '<meta name="description" content="By ensuring justice-impacted women' in program_html


def test_sitemap_lists_live_public_pages_only(seeded, client):
    index = ProgramIndexPage.objects.get(locale__language_code="en")
    add_program(index, title="Draft program", publish=False)
    make_private(add_program(index, title="Private program"))

    xml = client.get("/sitemap.xml").content.decode()
    for slug in ["our-care-model", "safe-and-stable-housing", "2025-impact-report", "books-are-magic", "in-the-news"]:
        assert f"/{slug}/</loc>" in xml
    assert "draft-program" not in xml
    assert "private-program" not in xml


def test_home_page_query_count_is_fixed_and_does_not_grow_with_content(seeded, client):
    before = count_queries(client, "/", warm=True)
    assert before <= HOME_QUERY_BUDGET

    home = HomePage.objects.get(locale__language_code="en")
    index = ProgramIndexPage.objects.get(locale__language_code="en")
    for number in range(5):
        add_program(index)
        add_press_item()
        HomePageStatistic.objects.create(page=home, value=str(number), label="More")
    home.press_limit = 10
    home.save_revision().publish()

    html = client.get("/").content.decode()
    assert html.count('class="card"') == 9
    assert html.count('class="press-quote"') == 8
    assert html.count('class="stat"') == 7
    assert count_queries(client, "/", warm=True) == before


def test_a_preview_with_another_promotion_chosen_shows_that_one_and_the_site_keeps_its_own(
    seeded, client, in_february
):
    from home.models import PromotionPage

    home = HomePage.objects.get(locale__language_code="en")
    spring = PromotionPage(title="Spring Book Drive", text="Bring a book for a woman coming home.")
    home.add_child(instance=spring)
    spring.save_revision().publish()
    assert "Books Are Magic" in client.get("/").content.decode()

    home.promotion = spring  # chosen in the editor, not yet published
    preview = home.make_preview_request().content.decode()
    assert "Spring Book Drive" in preview
    assert "Books Are Magic" not in preview
    assert "Spring Book Drive" not in client.get("/").content.decode()
