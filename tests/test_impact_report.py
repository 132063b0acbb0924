"""The impact report as a page to look at: charts staff enter as data, drawn
on the server as SVG with their figures in a table, refused in the editor
when their data would not make sense, and the report's PDF per language."""

import json

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation
from wagtail import blocks
from wagtail.documents import get_document_model
from wagtail.test.utils.form_data import nested_form_data, streamfield
from wagtail_localize.models import OverridableSegment, SegmentOverride, TranslationSource

from home.models import ImpactReportPage
from home.report_blocks import ChartBlock
from tests.factories import CHARTS, add_charts_to_report, chart
from tests.queries import PAGE_QUERY_BUDGET, count_queries
from tests.translation_helpers import translate
from wpa_site.cache.version import invalidate_page_cache

pytestmark = pytest.mark.django_db

REPORT = "/2025-impact-report/"


def figures(html):
    return BeautifulSoup(html, "html.parser").select("figure.chart")


def table_rows(figure):
    return [[cell.get_text(strip=True) for cell in row.find_all(["th", "td"])] for row in figure.select("tbody tr")]


def svg_texts(figure):
    return [text.get_text() for text in figure.svg.find_all("text")]


@pytest.mark.parametrize("kind", list(CHARTS))
def test_each_chart_kind_draws_an_svg_with_its_title_summary_and_a_table_of_the_same_numbers(seeded, client, kind):
    add_charts_to_report(chart(kind, title="Women served", summary="Housing served the most.", unit="Women"))
    (figure,) = figures(client.get(REPORT).content)

    assert figure.figcaption.h2.get_text() == "Women served"
    assert figure["aria-labelledby"] == figure.figcaption.h2["id"]
    assert "Housing served the most." in figure.figcaption.get_text()
    svg = figure.svg
    assert svg["role"] == "img" and svg["viewbox"].startswith("0 0 360 ")
    title_id, desc_id = svg["aria-labelledby"].split()
    assert svg.find("title", id=title_id).get_text() == "Women served"
    assert svg.find("desc", id=desc_id).get_text() == "Housing served the most."

    table = figure.table
    assert "Women served" in table.caption.get_text()
    assert [th.get_text(strip=True) for th in table.thead.find_all("th")][:2] == [
        "Year" if kind == "line" else "Category",
        "Women",
    ]
    assert all(th["scope"] == "col" for th in table.thead.find_all("th"))
    assert all(row.th["scope"] == "row" for row in table.tbody.find_all("tr"))
    expected = {
        "bar": [["Housing", "1,250"], ["Clinical care", "840.5"], ["Employment", "97"]],
        "stacked": [["Government", "55", "55%"], ["Foundations", "25", "25%"], ["Individuals", "20", "20%"]],
        "donut": [
            ["Programs", "820,000", "82%"],
            ["Administration", "110,000", "11%"],
            ["Fundraising", "70,000", "7%"],
        ],
        "line": [["2021", "120"], ["2022", "180"], ["2023", "230"], ["2024", "402"]],
    }[kind]
    assert table_rows(figure) == expected
    # The chart writes the same numbers as the table: values, or each part's share.
    texts = " ".join(svg_texts(figure))
    for row in expected:
        assert row[-1] in texts
    if kind in {"stacked", "donut"}:
        assert len(svg.select(".chart__part")) == 2 * len(expected)  # the parts and their legend's swatches
        assert [cell.get_text(strip=True) for cell in table.tfoot.find_all(["th", "td"])][-1] == "100%"


def test_numbers_are_written_as_spanish_writes_them_on_the_spanish_report(spanish, client):
    report = ImpactReportPage.objects.get(locale__language_code="en").get_translation(spanish)
    report.body = [chart("donut")]
    report.save_revision().publish()
    (figure,) = figures(client.get(report.url).content)
    assert table_rows(figure)[0] == ["Programs", "820\xa0000", "82\xa0%"]
    assert figure.table.thead.th.get_text() == "Categoría"
    assert "Las cifras de" in figure.table.caption.get_text()
    assert "82\xa0%" in " ".join(svg_texts(figure))


@pytest.mark.parametrize("kind", list(CHARTS))
def test_the_spanish_report_draws_its_charts_with_coordinates_a_browser_can_read(spanish, client, kind):
    report = ImpactReportPage.objects.get(locale__language_code="en").get_translation(spanish)
    report.body = [chart(kind, rows=[("Vivienda", "1250.5"), ("Empleo", "2")])]
    report.save_revision().publish()
    (figure,) = figures(client.get(report.url).content)
    assert figure.svg["viewbox"].replace(" ", "").isdigit()
    for shape in figure.svg.find_all(["rect", "circle", "line", "text"]):
        for name in ("x", "y", "width", "height", "cx", "cy", "r", "x1", "x2", "y1", "y2"):
            if shape.has_attr(name) and "url(" not in shape[name]:
                float(shape[name])
    for path in figure.svg.find_all("path", attrs={"d": True}):
        assert "," not in path["d"]


def test_a_chart_of_one_value_draws(seeded, client):
    add_charts_to_report(*(chart(kind, rows=[("2024", "12")]) for kind in CHARTS))
    drawn = figures(client.get(REPORT).content)
    assert [len(figure.svg.find_all(["rect", "path", "circle"])) > 0 for figure in drawn] == [True] * 4
    assert [table_rows(figure)[0][:2] for figure in drawn] == [["2024", "12"]] * 4


@pytest.mark.parametrize("kind", ["bar", "line"])
def test_a_chart_of_a_hundred_values_draws_with_labels_that_do_not_overlap(seeded, client, kind):
    rows = [(str(1925 + year), str(year * 7 % 90 + 1)) for year in range(100)]
    add_charts_to_report(chart(kind, rows=rows))
    (figure,) = figures(client.get(REPORT).content)
    assert len(table_rows(figure)) == 100
    if kind == "bar":
        assert len(figure.svg.select("rect.chart__bar")) == 100
    else:
        assert len(figure.svg.select("circle.chart__dot")) == 100
        labels = figure.svg.find_all("text", attrs={"y": True, "text-anchor": True})
        bottom = [text for text in labels if text.get_text() in dict(rows)]
        # Thinned to what fits: first and last always, the gaps between them wide enough.
        assert 4 <= len(bottom) <= 12
        assert bottom[0].get_text() == "1925" and bottom[-1].get_text() == "2024"
        xs = [float(text["x"]) for text in bottom]
        assert min(later - earlier for earlier, later in zip(xs, xs[1:], strict=False)) >= 36


def refusal(kind="bar", rows=None, **fields):
    """The messages with which the editor refuses this chart, flattened; [] when it accepts it."""
    block = ChartBlock()
    value = block.to_python(chart(kind, rows=rows, **fields)[1])
    try:
        block.clean(value)
    except ValidationError as error:
        return list(flatten(error.as_json_data()))
    return []


def flatten(data):
    if isinstance(data, dict):
        for value in data.values():
            yield from flatten(value)
    elif isinstance(data, list):
        for value in data:
            yield from flatten(value)
    elif isinstance(data, str):
        yield data


@pytest.mark.parametrize(
    ("kind", "rows", "fields", "message"),
    [
        ("bar", [("Housing", "")], {}, "This row has no value. Enter a number, or remove the row."),
        ("bar", [("Housing", "-5")], {}, "Values cannot be negative."),
        ("bar", [("Housing", "twelve")], {}, "Enter a number, e.g. 120 or 3.5"),
        ("bar", [("Housing", "1,200")], {}, "no words, commas or percent sign"),
        ("bar", [("Housing", "45%")], {}, "no words, commas or percent sign"),
        ("line", [("2024", "5000000000")], {}, "This is more than a billion: check for extra digits."),
        ("bar", [("Housing", "1.255")], {}, "Use at most two decimal places."),
        ("bar", [], {}, "Add at least one row of data."),
        ("line", [(str(year), "1") for year in range(1900, 2001)], {}, "at most 100 rows"),
        ("donut", [(f"Part {n}", "1") for n in range(9)], {}, "at most 8 parts"),
        ("donut", [("Programs", "0"), ("Other", "0")], {}, "at least one value above zero"),
        ("stacked", [("Programs", "10"), ("Other", "0")], {}, "A share of zero would not show"),
        ("stacked", [("Programs", "60"), ("Other", "30")], {"percentages": True}, "add up to 90, not 100"),
        ("bar", [("2024", "1"), ("2024", "2")], {}, "2024 appears more than once"),
    ],
)
def test_the_editor_refuses_a_chart_whose_data_makes_no_sense_with_a_clear_message(kind, rows, fields, message):
    with translation.override("en"):
        messages = refusal(kind, rows, **fields)
    assert any(message in text for text in messages), messages


def test_every_part_of_a_chart_explains_itself_to_editors():
    from tests.test_admin_help import block_children, block_help_text

    missing = [
        path
        for path, child in block_children(ChartBlock(), "ChartBlock")
        if not isinstance(child, blocks.StructBlock | blocks.ListBlock) and not block_help_text(child)
    ]
    assert missing == []


def test_values_are_typed_in_a_text_box_so_that_what_was_typed_reaches_the_check():
    # A browser's number box would send "1,200" as nothing, told apart from a missing value by no one.
    value = ChartBlock().child_blocks["rows"].child_block.child_blocks["value"]
    assert value.field.widget.input_type == "text"
    assert value.field.widget.attrs["inputmode"] == "decimal"


def test_the_editor_accepts_sensible_charts():
    assert refusal("bar", [("Housing", "1250"), ("Care", "0.5")]) == []
    assert refusal("stacked", [("A", "33.33"), ("B", "33.33"), ("C", "33.34")], percentages=True) == []
    assert refusal("donut", [("A", "1")]) == []
    assert refusal("line", [(str(year), "100") for year in range(1925, 2025)]) == []


def test_saving_a_report_with_a_negative_value_in_the_admin_is_refused_and_changes_nothing(seeded, admin_client):
    report = ImpactReportPage.objects.get(locale__language_code="en")
    rows = {"count": 1, "0": {"deleted": "", "order": 0, "id": "", "value": {"label": "Housing", "value": "-3"}}}
    data = nested_form_data(
        {
            "title": report.title,
            "slug": report.slug,
            "reporting_period": report.reporting_period,
            "summary": report.summary,
            "key_figures": streamfield([]),
            "body": streamfield(
                [("chart", {**chart("bar")[1], "rows": rows, "percentages": ""})],
            ),
            "action-publish": "publish",
        }
    )
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[report.pk]), data)
    assert response.status_code == 200
    assert "Values cannot be negative." in response.content.decode()
    assert list(ImpactReportPage.objects.get(pk=report.pk).body.raw_data) == list(report.body.raw_data)


def test_a_chart_stored_with_bad_data_is_left_out_and_the_page_still_renders(seeded, client):
    report = add_charts_to_report(chart("bar"))
    raw = [dict(block) for block in report.body.raw_data]
    raw[0]["value"]["rows"][0]["value"]["value"] = "not a number"
    ImpactReportPage.objects.filter(pk=report.pk).update(body=raw)
    response = client.get(REPORT)
    assert response.status_code == 200
    assert figures(response.content) == []
    assert "A quote." in response.content.decode()


@pytest.fixture
def report_document(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return get_document_model().objects.create(
        title="The 2025 impact report in full", file=ContentFile(b"%PDF-1.4\n" + b"0" * 2048, name="report.pdf")
    )


def with_document(document, language="en"):
    report = ImpactReportPage.objects.get(locale__language_code=language)
    report.report_document = document
    report.save_revision().publish()
    return report


def test_the_report_offers_its_pdf_with_format_and_size_and_its_address_in_print(seeded, client, report_document):
    with_document(report_document)
    link = BeautifulSoup(client.get(REPORT).content, "html.parser").select_one("a.report-download")
    assert link["href"] == report_document.url
    assert "Download The 2025 impact report in full" in link.get_text()
    assert "(PDF, 2.0\xa0KB)" in link.get_text()
    assert link["data-address"] == "http://testserver" + report_document.url


def test_a_report_whose_pdf_was_deleted_still_renders(seeded, client, report_document):
    with_document(report_document)
    report_document.delete()
    response = client.get(REPORT)
    assert response.status_code == 200
    assert b"report-download" not in response.content


def test_a_report_whose_pdf_file_is_missing_still_renders(seeded, client, report_document):
    with_document(report_document)
    report_document.file.storage.delete(report_document.file.name)
    get_document_model().objects.filter(pk=report_document.pk).update(file_size=None)
    response = client.get(REPORT)
    assert response.status_code == 200
    assert b"report-download" in response.content


def test_each_language_can_have_its_own_pdf_and_one_that_has_not_says_it_is_in_english(
    spanish, client, report_document
):
    english = with_document(report_document)
    spanish_report = english.get_translation(spanish)
    translate(english, spanish, {})
    response = client.get(spanish_report.url)
    link = BeautifulSoup(response.content, "html.parser").select_one("a.report-download")
    assert "en inglés" in link.get_text() and link["hreflang"] == "en"

    informe = get_document_model().objects.create(
        title="El informe de impacto 2025 completo", file=ContentFile(b"%PDF-1.4\n", name="informe.pdf")
    )
    source = TranslationSource.objects.get_for_instance(english)
    segment = OverridableSegment.objects.get(source=source, context__path="report_document")
    SegmentOverride.objects.create(locale=spanish, context=segment.context, data_json=json.dumps(informe.pk))
    translate(english, spanish, {})
    link = BeautifulSoup(client.get(spanish_report.url).content, "html.parser").select_one("a.report-download")
    assert link["href"] == informe.url
    assert "en inglés" not in link.get_text() and not link.has_attr("hreflang")
    # The English report keeps its own.
    assert ImpactReportPage.objects.get(pk=english.pk).report_document_id == report_document.pk


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_report_with_every_chart_kind_and_its_pdf_stays_in_its_query_budget(
    spanish, client, settings, report_document, language
):
    settings.PAGE_CACHE_SECONDS = 0
    english = with_document(report_document)
    add_charts_to_report()
    report = english if language == "en" else english.get_translation(spanish)
    if language == "es":
        report.report_document = report_document
        report.body = ImpactReportPage.objects.get(pk=english.pk).body
        report.save_revision().publish()
    client.get(report.url)
    invalidate_page_cache()
    assert count_queries(client, report.url) <= PAGE_QUERY_BUDGET


def test_translators_are_asked_for_a_charts_words_and_never_its_numbers(seeded):
    from wagtail_localize.models import StringSegment

    report = add_charts_to_report(chart("bar", title="Women served", unit="Women", rows=[("Housing", "1250")]))
    source, _ = TranslationSource.update_or_create_from_instance(report)
    strings = set(StringSegment.objects.filter(source=source).values_list("string__data", flat=True))
    assert {"Women served", "What the bar chart shows.", "Women", "Housing"} <= strings
    assert not strings & {"1250", "bar"}
