"""What search engines and social networks read: robots.txt, meta tags, structured data."""

import json
import re
from pathlib import Path

import pytest
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Site

from home.models import SearchEngineSettings, SiteWideContent

STATIC = Path(__file__).resolve().parent.parent / "static"

pytestmark = pytest.mark.django_db


def test_robots_txt_allows_everything_but_the_admin_and_points_to_the_sitemap(seeded, client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert client.get("/sitemap.xml").status_code == 200


def json_ld(html):
    return [
        json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


def meta(html, attribute, name):
    found = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)"', html)
    return found.group(1) if found else None


def test_home_page_describes_the_organization_to_search_engines(seeded, client):
    html = client.get("/").content.decode()
    (organization,) = json_ld(html)
    assert organization["@type"] == "NGO"
    assert organization["name"] == "Women’s Prison Association"
    assert organization["foundingDate"] == "1845"
    assert organization["url"] == "http://testserver/"
    assert meta(html, "property", "og:title") == "Women’s Prison Association"
    assert meta(html, "property", "og:description").startswith("WPA provides women")
    assert meta(html, "property", "og:url")
    assert meta(html, "name", "twitter:card") == "summary"


def test_founding_year_social_profiles_and_share_image_come_from_the_cms(seeded, client):
    from wagtail.images.models import Image

    content = SiteWideContent.objects.get(locale__language_code="en")
    content.social_links = [("social_link", {"network": "instagram", "url": "https://instagram.example/wpa"})]
    content.save()
    settings = SearchEngineSettings.for_site(Site.objects.get(is_default_site=True))
    settings.founding_year = "1846"
    settings.default_share_image = Image.objects.create(
        title="WPA share image", file=get_test_image_file(size=(1600, 900)), description="WPA’s name on plum"
    )
    settings.save()

    html = client.get("/").content.decode()
    (organization,) = json_ld(html)
    assert organization["foundingDate"] == "1846"
    assert organization["sameAs"] == ["https://instagram.example/wpa"]
    image_url = meta(html, "property", "og:image")
    assert image_url.startswith("http://testserver/media/images/")
    assert organization["logo"] == image_url
    assert meta(html, "property", "og:image:width") == "1200"
    assert meta(html, "property", "og:image:height") == "630"
    assert meta(html, "name", "twitter:card") == "summary_large_image"
    assert meta(html, "name", "twitter:image") == image_url


def test_news_index_lists_press_coverage_as_structured_data(seeded, client):
    html = client.get("/in-the-news/").content.decode()
    (data,) = json_ld(html)
    outlets = {article["publisher"]["name"] for article in data["@graph"]}
    assert outlets == {"CNN", "Vogue", "Marie Claire"}
    assert all(article["@type"] == "NewsArticle" for article in data["@graph"])
