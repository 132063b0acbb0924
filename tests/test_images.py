"""Pictures where visitors expect them: the home page's opening image, a
picture per program on its card and its page, cropped around the focal
point, the share image, and pages that still work when an image is deleted."""

import io
import re

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images.models import Filter, Image
from wagtail.models import Site

from home.models import HomePage, SearchEngineSettings
from programs.models import CARD_IMAGE_SPEC, ProgramIndexPage, ProgramPage
from tests.factories import add_image

pytestmark = pytest.mark.django_db


def pictures(html):
    return re.findall(r"<picture>(.*?)</picture>", html, re.S)


def img_attributes(picture):
    tag = re.search(r"<img([^>]*)>", picture).group(1)
    return dict(re.findall(r'(\w+)="([^"]*)"', tag))


def assert_modern_picture(picture):
    """AVIF and WebP offered before the JPEG, with its size set so nothing jumps."""
    assert 'type="image/avif"' in picture
    assert 'type="image/webp"' in picture
    attributes = img_attributes(picture)
    assert attributes["src"].endswith(".jpg")
    assert int(attributes["width"]) > 0 and int(attributes["height"]) > 0
    return attributes


def hero(html):
    return re.search(r'<section class="hero[^"]*".*?</section>', html, re.S).group(0)


def test_the_home_page_opening_shows_its_image_first_and_the_brand_pattern_without_one(seeded, client):
    html = client.get("/").content.decode()
    assert "<picture>" not in hero(html)
    assert 'class="hero"' in html

    home = HomePage.objects.get(locale__language_code="en")
    home.hero_image = add_image("Opening photo", size=(1600, 1200), description="Women talking in a kitchen")
    home.save_revision().publish()
    html = client.get("/").content.decode()
    opening = hero(html)
    assert 'class="hero hero--image"' in opening
    (picture,) = pictures(opening)
    attributes = assert_modern_picture(picture)
    # The largest thing in view when the page opens: fetched first, never lazily.
    assert attributes["fetchpriority"] == "high"
    assert "loading" not in attributes
    assert attributes["alt"] == "Women talking in a kitchen"
    assert int(attributes["width"]) * 3 == int(attributes["height"]) * 4
    # Only the first picture is fetched first.
    assert html.count('fetchpriority="high"') == 1


def test_the_spanish_home_page_shows_the_same_opening_image(spanish, client):
    home = HomePage.objects.get(locale__language_code="en")
    home.hero_image = add_image("Opening photo", size=(1600, 1200))
    home.save_revision().publish()
    spanish_home = home.get_translation(spanish)
    spanish_home.hero_image = home.hero_image
    spanish_home.save_revision().publish()
    assert len(pictures(hero(client.get(spanish_home.url).content.decode()))) == 1


def test_a_program_picture_is_on_its_card_lazily_and_at_the_top_of_its_page_first(seeded, client):
    index = ProgramIndexPage.objects.get(locale__language_code="en")
    illustrated = ProgramPage.objects.get(slug="safe-and-stable-housing")
    illustrated.image = add_image("Housing photo", size=(1600, 1000), description="A front door")
    illustrated.save_revision().publish()
    other = ProgramPage.objects.get(slug="community-based-supports")
    other.image = add_image("Community photo", size=(1600, 1000))
    other.save_revision().publish()

    for url in ["/", index.url]:
        html = client.get(url).content.decode()
        cards = pictures(html)
        assert len(cards) == 2
        for card in cards:
            attributes = assert_modern_picture(card)
            assert attributes["loading"] == "lazy"
            assert attributes["alt"] == ""  # the card's title says it all
        assert html.count('class="card"') == 2  # the two without a picture keep the plain card

    html = client.get(illustrated.url).content.decode()
    top, *cards = pictures(html[html.index("<main") :])
    attributes = assert_modern_picture(top)
    assert attributes["fetchpriority"] == "high"
    assert "loading" not in attributes
    assert attributes["alt"] == "A front door"
    assert [img_attributes(card)["loading"] for card in cards] == ["lazy"]


def test_crops_keep_the_focal_point_in_the_picture(seeded):
    """A tall image, its top half red, its bottom half blue: with its focal point on
    the red, the card's crop shows only red; without one, the middle."""
    picture = PILImage.new("RGB", (400, 800), (0, 0, 255))
    picture.paste((255, 0, 0), (0, 0, 400, 400))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    image = Image(title="Tall photo", description="Red over blue.")
    image.file.save("tall-photo.png", ImageFile(buffer, name="tall-photo.png"))

    card_spec = "format-jpeg|fill-400x260"
    assert card_spec in Filter.expand_spec(CARD_IMAGE_SPEC)

    def colours_of(spec):
        rendition = image.get_rendition(spec)
        with rendition.file.open("rb") as file:
            cropped = PILImage.open(file).convert("RGB")
        return {cropped.getpixel((200, 10)), cropped.getpixel((200, cropped.height - 10))}

    middle = colours_of(card_spec)
    assert any(blue > 200 for _, _, blue in middle), "a centred crop reaches the blue"

    image.focal_point_x, image.focal_point_y, image.focal_point_width, image.focal_point_height = 200, 100, 100, 100
    image.save()
    image.renditions.all().delete()
    for red, _green, blue in colours_of(card_spec):
        assert red > 200 and blue < 60, "the focal point's crop is all red"


def share_image_url(html):
    found = re.search(r'<meta property="og:image" content="([^"]+)">', html)
    return found.group(1) if found else None


def test_pages_without_a_picture_share_the_default_image_and_programs_their_own(seeded, client):
    settings = SearchEngineSettings.for_site(Site.objects.get(is_default_site=True))
    settings.default_share_image = add_image("Share image", size=(1600, 900))
    settings.save()
    program = ProgramPage.objects.get(slug="safe-and-stable-housing")

    default = share_image_url(client.get(program.url).content.decode())
    assert default.startswith("http://testserver/media/images/share")
    assert share_image_url(client.get("/our-care-model/").content.decode()) == default

    program.image = add_image("Housing photo", size=(1600, 1000))
    program.save_revision().publish()
    html = client.get(program.url).content.decode()
    assert share_image_url(html).startswith("http://testserver/media/images/housin")
    assert '<meta property="og:image:width" content="1200">' in html


def test_the_home_page_shares_its_opening_image_and_without_one_the_default(seeded, client):
    settings = SearchEngineSettings.for_site(Site.objects.get(is_default_site=True))
    settings.default_share_image = add_image("Share image", size=(1600, 900))
    settings.save()
    assert share_image_url(client.get("/").content.decode()).startswith("http://testserver/media/images/share")

    home = HomePage.objects.get(locale__language_code="en")
    home.hero_image = add_image("Opening photo", size=(1600, 1200), description="Women talking in a kitchen")
    home.save_revision().publish()
    html = client.get("/").content.decode()
    assert share_image_url(html).startswith("http://testserver/media/images/openin")
    assert '<meta property="og:image:alt" content="Women talking in a kitchen">' in html


def test_pages_whose_images_were_deleted_still_render(seeded, client):
    home = HomePage.objects.get(locale__language_code="en")
    home.hero_image = add_image("Opening photo")
    home.save_revision().publish()
    program = ProgramPage.objects.get(slug="safe-and-stable-housing")
    program.image = add_image("Housing photo")
    program.save_revision().publish()
    settings = SearchEngineSettings.for_site(Site.objects.get(is_default_site=True))
    settings.default_share_image = add_image("Share image")
    settings.save()

    for image in [home.hero_image, program.image, settings.default_share_image]:
        image.delete()
    for url in ["/", "/our-care-model/", program.url]:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "<picture>" not in html
        assert share_image_url(html) is None
    assert 'class="hero"' in client.get("/").content.decode()
