import re
import socket

import pytest
from django.db import InterfaceError, OperationalError
from django.template.loader import render_to_string

from tests.queries import fail_every_query
from tests.servers import database_kind, production_site

LONG_PATH = "/" + "a" * 10_000
MANY_PARAMETERS = "/?" + "&".join(f"p{number}=1" for number in range(3000))

# (what, method, target): requests no browser sends, each of which must get a
# 4xx answer, never a 5xx, from Django and from gunicorn in front of it.
MALFORMED_REQUESTS = [
    ("10,000-character path", "GET", LONG_PATH),
    ("NUL byte in the path", "GET", "/%00"),
    ("NUL byte in a page path", "GET", "/about%00/"),
    ("NUL byte in the query", "GET", "/?q=%00"),
    ("NUL byte in a document path", "GET", "/documents/1/report%00.pdf"),
    ("dot-dot segments", "GET", "/../../etc/passwd"),
    ("encoded dot-dot segments", "GET", "/%2e%2e%2f%2e%2e%2fetc%2fpasswd"),
    ("broken UTF-8 in the path", "GET", "/%ff%fe/"),
    ("overlong UTF-8 slash", "GET", "/%c0%af%c0%afetc/passwd"),
    ("broken UTF-8 in the query", "GET", "/healthz?q=%ff%fe"),
    ("encoded CR LF", "GET", "/%0d%0aSet-Cookie:%20hacked=1"),
    ("thousands of query parameters", "GET", MANY_PARAMETERS),
    ("very long query string", "GET", "/?q=" + "x" * 20_000),
    ("huge document id", "GET", "/documents/99999999999999999999999999/report.pdf"),
    ("PROPFIND", "PROPFIND", "/"),
    ("TRACE", "TRACE", "/"),
    ("made-up method", "FOO", "/"),
    ("DELETE on a page", "DELETE", "/"),
]


@pytest.mark.parametrize(("what", "method", "target"), MALFORMED_REQUESTS, ids=[row[0] for row in MALFORMED_REQUESTS])
def test_malformed_requests_get_a_4xx_from_django(seeded, client, what, method, target):
    path, _, query = target.partition("?")
    response = client.generic(method, path, QUERY_STRING=query)
    assert 400 <= response.status_code < 500, what
    assert b"Traceback" not in response.content


def test_a_bad_host_gets_a_plain_400_page(seeded, client):
    response = client.get("/", HTTP_HOST="evil.example.com")
    assert response.status_code == 400
    assert b"Bad request" in response.content
    assert b"Traceback" not in response.content
    assert b"DisallowedHost" not in response.content


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_pages_answer_503_with_retry_after_when_the_database_is_down(seeded, client, error):
    with fail_every_query(error):
        response = client.get("/")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert response["Cache-Control"] == "no-store"
    assert b"briefly unavailable" in response.content
    # The security headers still go out.
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_a_bug_in_a_query_is_not_dressed_up_as_an_outage(seeded, client):
    from django.db import ProgrammingError

    client.raise_request_exception = False
    with fail_every_query(ProgrammingError):
        response = client.get("/")
    assert response.status_code == 500


def test_503_page_renders_with_no_database_and_no_context(django_db_blocker):
    with django_db_blocker.block():
        html = render_to_string("503.html")
    assert '<h1 class="page-header__title">The site is briefly unavailable</h1>' in html


def raw_request(port, method, target, host="127.0.0.1"):
    """Send bytes as they are: http.client would refuse or rewrite some of these."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(f"{method} {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode("latin-1"))
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    status_line, _, rest = data.partition(b"\r\n")
    headers, _, body = rest.partition(b"\r\n\r\n")
    return int(status_line.split()[1]), headers.decode("latin-1"), body


@pytest.fixture(scope="module")
def gunicorn_site(database_templates):
    """The site under gunicorn with production settings, on the same kind of database as this run."""
    with production_site(database=database_kind(), workers=2, templates=database_templates) as site:
        yield site


@pytest.mark.parametrize(("what", "method", "target"), MALFORMED_REQUESTS, ids=[row[0] for row in MALFORMED_REQUESTS])
def test_malformed_requests_get_a_4xx_from_gunicorn(gunicorn_site, what, method, target):
    status, _, body = raw_request(gunicorn_site.port, method, target)
    assert 400 <= status < 500, what
    assert b"Traceback" not in body


def test_gunicorn_answers_a_bad_host_with_400_and_no_debug_page(gunicorn_site):
    status, _, body = raw_request(gunicorn_site.port, "GET", "/", host="evil.example.com")
    assert status == 400
    assert b"Bad request" in body
    assert b"DisallowedHost" not in body
    # The site's page, in its stylesheet, with the quick exit.
    assert b'<a class="quick-exit__button" href="https://weather.com"' in body
    assert re.search(rb'<link rel="stylesheet" href="/static/css/site\.[0-9a-f]+\.css">', body)


def test_gunicorn_does_not_reveal_software_versions(gunicorn_site):
    status, headers, _ = raw_request(gunicorn_site.port, "GET", "/")
    assert status == 200
    server = re.search(r"^Server: (.*)$", headers, re.MULTILINE | re.IGNORECASE)
    assert server is None or not re.search(r"\d", server.group(1))
    assert "x-powered-by" not in headers.lower()
    assert "content-security-policy: " in headers.lower()
