"""Uploaded images served by the site itself, for a single machine with no
proxy and no bucket in front of it.

Only Wagtail's image folders are served: documents stay behind Wagtail's
document view, so a private document never has a public address. A
rendition's name holds its filter and the image's file name changes when the
file is replaced, so an address always shows the same picture and browsers
and shared caches may keep it for a year. A proxy or a bucket, when
configured, answers /media/ before the request gets here (SERVE_MEDIA)."""

import posixpath

from django.conf import settings
from django.http import Http404
from django.views.decorators.http import require_safe
from django.views.static import serve

# Wagtail's own folders under MEDIA_ROOT: the uploaded originals and their renditions.
IMAGE_FOLDERS = ("original_images/", "images/")
A_YEAR = 60 * 60 * 24 * 365


@require_safe
def serve_image(request, path):
    # "images/../documents/x.pdf" names a document: judge the path it resolves to.
    path = posixpath.normpath(path).lstrip("/")
    if not path.startswith(IMAGE_FOLDERS):
        raise Http404
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = f"public, max-age={A_YEAR}, immutable"
    return response
