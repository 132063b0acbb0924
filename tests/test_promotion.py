import datetime
from unittest import mock

import pytest

from home.models import HomePage, PromotionPage, next_window_change

pytestmark = pytest.mark.django_db


def window(start=None, end=None, repeats=False):
    return PromotionPage(
        title="Books Are Magic", text="A promotion.", display_start=start, display_end=end, repeats_every_year=repeats
    )


def day(text):
    return datetime.date.fromisoformat(text)


def test_no_window_always_shows():
    assert window().is_showing(day("2026-07-04"))


def test_inside_and_outside_a_one_off_window():
    february = window(day("2027-02-01"), day("2027-02-28"))
    assert february.is_showing(day("2027-02-01"))
    assert february.is_showing(day("2027-02-28"))
    assert not february.is_showing(day("2027-01-31"))
    assert not february.is_showing(day("2027-03-01"))
    assert not february.is_showing(day("2028-02-10"))


def test_open_ended_windows():
    assert window(start=day("2027-02-01")).is_showing(day("2030-01-01"))
    assert not window(start=day("2027-02-01")).is_showing(day("2027-01-01"))
    assert window(end=day("2027-02-28")).is_showing(day("2020-01-01"))
    assert not window(end=day("2027-02-28")).is_showing(day("2027-03-01"))


def test_a_window_that_repeats_every_year():
    february = window(day("2025-02-01"), day("2025-02-28"), repeats=True)
    assert february.is_showing(day("2031-02-14"))
    assert not february.is_showing(day("2031-03-01"))


def test_a_repeating_window_across_the_year_end():
    holidays = window(day("2025-12-15"), day("2026-01-15"), repeats=True)
    assert holidays.is_showing(day("2030-12-31"))
    assert holidays.is_showing(day("2031-01-01"))
    assert holidays.is_showing(day("2031-01-15"))
    assert not holidays.is_showing(day("2031-01-16"))
    assert not holidays.is_showing(day("2031-12-14"))


def test_next_window_change_finds_the_opening_and_closing_days():
    february = window(day("2025-02-01"), day("2025-02-28"), repeats=True)
    assert next_window_change(february, day("2026-01-10")) == day("2026-02-01")
    assert next_window_change(february, day("2026-02-10")) == day("2026-03-01")
    assert next_window_change(window(), day("2026-02-10")) is None


def test_home_page_shows_or_hides_the_promotion_by_the_date_alone(seeded, client):
    promotion = PromotionPage.objects.get(locale__language_code="en")
    promotion.display_start = day("2027-02-01")
    promotion.display_end = day("2027-02-28")
    promotion.repeats_every_year = True
    promotion.save_revision().publish()
    assert HomePage.objects.get(locale__language_code="en").promotion_id == promotion.pk

    with mock.patch("home.models.promotion.timezone.localdate", return_value=day("2028-02-14")):
        assert "During the month of February" in client.get("/").content.decode()
    with mock.patch("home.models.promotion.timezone.localdate", return_value=day("2028-03-01")):
        html = client.get("/").content.decode()
    assert "During the month of February" not in html
    assert client.get(promotion.url).status_code == 200


def test_window_end_before_start_is_refused_unless_it_repeats():
    from django.core.exceptions import ValidationError
    from django.utils import translation

    with pytest.raises(ValidationError):
        window(day("2027-03-01"), day("2027-02-01")).clean()
    window(day("2027-12-15"), day("2027-01-15"), repeats=True).clean()
    # Told in the editor's own language.
    for language, words in [("en", "The last day must be on or after"), ("es", "El último día debe ser")]:
        with translation.override(language):
            with pytest.raises(ValidationError) as refused:
                window(day("2027-03-01"), day("2027-02-01")).clean()
            assert words in refused.value.message_dict["display_end"][0]


# Books Are Magic, as seeded


def test_the_seeded_promotion_shows_on_the_home_page_in_february_only(seeded, client):
    for today, shown in [
        ("2026-12-02", False),
        ("2027-01-31", False),
        ("2027-02-01", True),
        ("2027-02-28", True),
        ("2028-02-29", True),
        ("2027-03-01", False),
    ]:
        with mock.patch("home.models.promotion.timezone.localdate", return_value=day(today)):
            for path in ["/", "/es/"]:
                html = client.get(path).content.decode()
                assert ('class="feature feature--promotion"' in html) is shown, (today, path)


def test_the_promotion_page_says_when_it_runs_in_each_language(seeded, client):
    promotion = PromotionPage.objects.get(locale__language_code="en")
    spanish = PromotionPage.objects.get(locale__language_code="es")
    with mock.patch("home.models.promotion.timezone.localdate", return_value=day("2027-06-01")):
        assert "Every year from February 1 to February 28" in client.get(promotion.url).content.decode()
        assert "Cada año, del 1 de febrero al 28 de febrero" in client.get(spanish.url).content.decode()
    with mock.patch("home.models.promotion.timezone.localdate", return_value=day("2028-06-01")):
        assert "to February 29" in client.get(promotion.url).content.decode()


def test_the_promotion_page_links_the_book_list_once_it_is_set(seeded, client):
    promotion = PromotionPage.objects.get(locale__language_code="en")
    assert "books.example.org" not in client.get(promotion.url).content.decode()
    promotion.book_list_url = "https://books.example.org/wpa-list"
    promotion.save_revision().publish()
    html = client.get(promotion.url).content.decode()
    assert 'href="https://books.example.org/wpa-list">Books Are Magic</a>' in html


def test_one_off_and_open_ended_windows_say_their_dates(seeded):
    promotion = PromotionPage(title="Spring drive", text="Give books.", display_start=day("2027-04-01"))
    assert promotion.window_description() == "From April 1, 2027"
    promotion.display_end = day("2027-04-30")
    assert promotion.window_description() == "From April 1, 2027 to April 30, 2027"
    promotion.display_start = None
    assert promotion.window_description() == "Until April 30, 2027"
    promotion.display_end = None
    assert promotion.window_description() == ""
