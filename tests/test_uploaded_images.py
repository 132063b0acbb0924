"""Uploaded images show on a single machine with no proxy and no bucket:
production settings, gunicorn, an image set on a program as staff would."""

import re
import urllib.error
import urllib.request
from html import unescape

import pytest

from tests.servers import database_kind, manage, production_site

# Staff upload a photo and put it on a program, as the admin does.
SET_PROGRAM_IMAGE = """
import io
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images.models import Image
from programs.models import ProgramPage

buffer = io.BytesIO()
PILImage.new("RGB", (1600, 1000), (120, 40, 90)).save(buffer, format="JPEG")
image = Image(title="Program photo", description="A program photo.")
image.file.save("program-photo.jpg", ImageFile(buffer, name="program-photo.jpg"), save=False)
image.save()
for program in ProgramPage.objects.live():
    program.image = image
    program.save_revision().publish()
print(ProgramPage.objects.live().first().url)
"""


def fetch(url, method="GET"):
    request = urllib.request.Request(url, method=method)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def image_addresses(html):
    addresses = set(re.findall(r'<img[^>]*\ssrc="([^"]+)"', html))
    for srcset in re.findall(r'srcset="([^"]+)"', html):
        addresses.update(candidate.split()[0] for candidate in unescape(srcset).split(","))
    return {unescape(address) for address in addresses}


@pytest.fixture(scope="module")
def site(database_templates):
    with production_site(database=database_kind(), workers=1, templates=database_templates) as server:
        program_url = manage(server.env, "shell", "-c", SET_PROGRAM_IMAGE).strip().splitlines()[-1]
        server.program_url = program_url
        yield server


def test_every_image_on_the_home_and_program_pages_answers_with_a_long_lived_cache(site):
    seen = set()
    for path in ("/", "/our-care-model/", site.program_url):
        status, _headers, body = fetch(site.url + path)
        assert status == 200, path
        seen |= image_addresses(body.decode())
    assert any("/media/images/" in address for address in seen), "the program photo is not on the pages"
    for address in seen:
        status, headers, body = fetch(site.url + address if address.startswith("/") else address)
        assert status == 200, address
        assert headers["Content-Type"].startswith("image/"), address
        assert "max-age=31536000" in headers["Cache-Control"] and "public" in headers["Cache-Control"], address
        assert body


def test_the_original_image_is_served_too(site):
    originals = manage(
        site.env, "shell", "-c", "from wagtail.images.models import Image; print(Image.objects.get().file.url)"
    )
    status, headers, _body = fetch(site.url + originals.strip().splitlines()[-1])
    assert status == 200
    assert headers["Content-Type"] == "image/jpeg"


def test_documents_are_never_served_from_the_media_folder(site):
    # Private documents must stay behind Wagtail's document view.
    manage(
        site.env,
        "shell",
        "-c",
        "from django.core.files.base import ContentFile; from wagtail.documents.models import Document; "
        "d = Document(title='Private'); "
        "d.file.save('report.pdf', ContentFile(b'%PDF-1.4 private'), save=False); d.save()",
    )
    status, _headers, body = fetch(site.url + "/media/documents/report.pdf")
    assert status == 404
    assert b"private" not in body


@pytest.mark.parametrize("path", ["/media/images/../documents/report.pdf", "/media/images/%2e%2e/documents/x.pdf"])
def test_no_address_leaves_the_image_folders(site, path):
    status, _headers, _body = fetch(site.url + path)
    assert status == 404


def test_an_image_that_does_not_exist_is_a_404_not_an_error(site):
    status, _headers, _body = fetch(site.url + "/media/images/no-such-picture.jpg")
    assert status == 404
