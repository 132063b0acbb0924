import io
import os

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def editor_client(client):
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "a long enough password")
    client.force_login(user)
    return client


def png(width, height, mode="RGB", noise=False):
    if noise:
        image = PILImage.frombytes(mode, (width, height), os.urandom(width * height * len(mode)))
    else:
        image = PILImage.new(mode, (width, height))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def upload_image(client, name, content, content_type="image/png"):
    return client.post(
        "/admin/images/add/",
        {
            "title": name,
            "file": SimpleUploadedFile(name, content, content_type=content_type),
            # Every image needs its alt text (home/forms.py).
            "description": "A test image.",
        },
    )


def form_errors(response):
    return " ".join(str(error) for errors in response.context["form"].errors.values() for error in errors).lower()


def upload_document(client, name, content, content_type="application/octet-stream"):
    return client.post(
        "/admin/documents/add/",
        {"title": name, "file": SimpleUploadedFile(name, content, content_type=content_type)},
    )


def test_a_normal_image_uploads(editor_client):
    response = upload_image(editor_client, "photo.png", png(800, 600))
    assert response.status_code == 302
    assert Image.objects.count() == 1


def test_an_image_over_the_size_limit_is_refused(editor_client):
    # Random pixels do not compress: about 12 MB against a 10 MB limit.
    content = png(2000, 2000, noise=True)
    assert len(content) > settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE

    response = upload_image(editor_client, "huge.png", content)

    assert response.status_code == 200
    assert "too big" in form_errors(response)
    assert not Image.objects.exists()


def test_an_image_with_too_many_pixels_is_refused_however_small_the_file(editor_client):
    # 8,000 x 6,000 = 48 million pixels, a decompression bomb in a few kilobytes.
    content = png(8000, 6000, mode="1")
    assert len(content) < 1024 * 1024

    response = upload_image(editor_client, "bomb.png", content)

    assert response.status_code == 200
    assert "too many pixels" in form_errors(response)
    assert not Image.objects.exists()


def test_svg_images_are_refused(editor_client):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
    response = upload_image(editor_client, "logo.svg", svg, content_type="image/svg+xml")
    assert response.status_code == 200
    assert "not a supported image format" in form_errors(response)
    assert not Image.objects.exists()


@pytest.mark.parametrize("name", ["page.html", "drawing.svg", "run.exe", "shell.php", "app.js", "archive.zip"])
def test_documents_outside_the_allow_list_are_refused(editor_client, name):
    response = upload_document(editor_client, name, b"<script>alert(1)</script>")
    assert response.status_code == 200
    assert "not allowed" in form_errors(response)
    assert not Document.objects.exists()


def test_a_document_over_the_size_limit_is_refused(editor_client):
    content = b"%PDF-1.4\n" + b"0" * settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
    response = upload_document(editor_client, "report.pdf", content, content_type="application/pdf")
    assert response.status_code == 200
    assert "too big" in form_errors(response)
    assert not Document.objects.exists()


def make_document(name, content):
    return Document.objects.create(title=name, file=SimpleUploadedFile(name, content))


def test_documents_other_than_pdf_are_downloaded_never_shown_inline(client):
    document = make_document("figures.csv", b"year,women\n2025,1200\n")
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"


def test_even_a_txt_document_holding_html_is_downloaded(client):
    document = make_document("notes.txt", b"<html><script>alert(1)</script></html>")
    response = client.get(document.url)
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"].startswith("text/plain")


def test_pdf_documents_open_in_the_browser_through_wagtails_view(client):
    document = make_document("annual-report.pdf", b"%PDF-1.4\n%%EOF\n")
    assert document.url.startswith("/documents/")
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
