"""Throughput benchmark: the site production-like, each page cached and uncached,
against the static-file ceiling measured in the same run, and the Spanish home
beside the English one.

    make bench    (or: .venv/bin/python -m tests.bench.bench --seconds 12 --rounds 3 --concurrency 16)

Starts gunicorn (4 sync workers) with production settings on a fresh Postgres
database, once with the full-page cache off ("uncached": every request renders
the page; what every page shares, the site, settings, menu and private
sections, stays remembered as in production) and once with it on, and drives
each URL with wrk when it is installed, else with the Python load driver.
Beside the uncached site, and driven in the same rounds, it serves the
welcome page of a new `wagtail start` project the same way
(tests/bench/reference.py): Wagtail with nothing added. Prints
requests/s, p50 and p99 latency, errors, each page's throughput as a
fraction of the static file's in the same mode, that fraction against the
demo site's recorded one, the Spanish home's requests/s as a share of the
English home's (it should be within 10%), and each page's SQL query count.

With the page cache on it also starts Debian's Varnish (`make varnish`) with
the site's VCL (wpa_site/cache/varnish.vcl) in front of the same gunicorn,
and drives the home page, the program page and the news index through it in
the same rounds ("... via Varnish"): their share of static is against the
static file served by gunicorn alone. The target is at least 100%: through
Varnish a cached page is served as fast as gunicorn serves a static file.
A benchmark, not a test: it asserts nothing, and exits non-zero only if a request failed.
"""

import argparse
import contextlib
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

from tests.bench.reference import empty_wagtail_site
from tests.load.driver import run_load, summarize
from tests.servers import VarnishServer, manage, production_site

PAGES = {
    "home": "/",
    "program page": "/our-care-model/safe-and-stable-housing/",
    "news index": "/in-the-news/",
}
SPANISH_HOME = "home (es)"
# Spanish versions of every page where the seed has none (tests/pages.py);
# the Spanish home's address, taken from the page.
ADD_SPANISH = (
    "from home.models import HomePage; from tests.pages import add_spanish_versions; "
    "spanish = add_spanish_versions(); "
    "print(HomePage.objects.get(locale__language_code='en').get_translation(spanish).url)"
)
# The Spanish home must keep up with the English one: within this share.
SPANISH_TOLERANCE = 0.10
# The canonical Wagtail demo site (bakerydemo) on this kind of machine, same
# gunicorn, same Postgres: its home page at about 20 requests/s while a static
# file runs at about 2,000, i.e. 1% of the static-file ceiling.
DEMO_SHARE_OF_STATIC = 20 / 2000
REFERENCE = "empty Wagtail"
VIA_VARNISH = " via Varnish"


def stylesheet_path(base_url):
    with urllib.request.urlopen(base_url + "/", timeout=10) as response:
        html = response.read().decode()
    return re.search(r'<link rel="stylesheet" href="([^"]+)"', html).group(1)


def parse_wrk_latency(text, label):
    match = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    if not match:
        return float("nan")
    value, unit = float(match.group(1)), match.group(2)
    return value * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def measure_with_wrk(url, seconds, concurrency):
    output = subprocess.run(
        ["wrk", "--latency", "-t2", f"-c{concurrency}", f"-d{seconds}s", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    errors = int(bad.group(1)) if bad else 0
    if socket_errors:
        errors += sum(int(number) for number in socket_errors.groups())
    return {
        "requests_per_s": rate,
        "p50_ms": parse_wrk_latency(output, "50%"),
        "p99_ms": parse_wrk_latency(output, "99%"),
        "errors": errors,
    }


def measure_with_python(url, seconds, concurrency):
    base_url, path = re.match(r"(https?://[^/]+)(/.*)", url).groups()
    results, elapsed = run_load(base_url, [path], duration=seconds, concurrency=concurrency)
    summary = summarize(results, elapsed)
    figures = summary["all"]
    return {
        "requests_per_s": summary["requests_per_s"],
        "p50_ms": figures["p50_ms"],
        "p99_ms": figures["p99_ms"],
        "errors": figures["errors"],
    }


def measure(url, seconds, concurrency):
    if shutil.which("wrk"):
        return measure_with_wrk(url, seconds, concurrency)
    return measure_with_python(url, seconds, concurrency)


def site_pages(site):
    """PAGES, and the Spanish home after them, on this site."""
    spanish_home = manage(site.env, "shell", "--no-imports", "-c", ADD_SPANISH).strip().splitlines()[-1]
    return {**PAGES, SPANISH_HOME: spanish_home}


def query_counts(site, pages):
    done = subprocess.run(
        [sys.executable, "-m", "tests.bench.query_counts", *pages.values()],
        env=site.env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def combine(runs):
    """A URL's rounds as one row. Requests/s is the median round, for every
    URL alike: on a shared two-core machine one round in three is often
    disturbed by something else, and a mean would charge that to whichever
    URL it fell on."""
    return {
        "requests_per_s": statistics.median(run["requests_per_s"] for run in runs),
        "p50_ms": statistics.median(run["p50_ms"] for run in runs),
        "p99_ms": max(run["p99_ms"] for run in runs),
        "errors": sum(run["errors"] for run in runs),
    }


def drive_in_rounds(urls, seconds, concurrency, rounds):
    """Each URL in turn, round after round, so that whatever else the machine
    is doing weighs on every URL alike and the shares of static stay fair."""
    for url in urls.values():  # warm: connections, compiled templates, cached pages
        measure_with_python(url, 1, 4)
    runs = {name: [] for name in urls}
    for _ in range(rounds):
        for name, url in urls.items():
            runs[name].append(measure(url, max(1, seconds // rounds), concurrency))
    return {name: combine(results) for name, results in runs.items()}


def bench_site(page_cache_seconds, seconds, concurrency, workers, rounds, with_reference=False, with_varnish=False):
    """Each page's figures beside the static file's, the ceiling of this run;
    with the reference, the empty Wagtail site's too, served at the same time;
    with Varnish, the pages through it too."""
    with contextlib.ExitStack() as stack:
        site = stack.enter_context(
            production_site(workers=workers, extra_env={"PAGE_CACHE_SECONDS": str(page_cache_seconds)})
        )
        pages = site_pages(site)
        urls = {"static file": site.url + stylesheet_path(site.url)}
        urls.update({name: site.url + path for name, path in pages.items()})
        if with_reference:
            urls[REFERENCE] = stack.enter_context(empty_wagtail_site(workers=workers)) + "/"
        if with_varnish:
            workdir = Path(tempfile.mkdtemp(prefix="wpa-bench-varnish-"))
            stack.callback(shutil.rmtree, workdir, ignore_errors=True)
            varnish = stack.enter_context(VarnishServer(site.url, workdir, memory="256m", threads=50))
            urls.update({name + VIA_VARNISH: varnish.url + path for name, path in PAGES.items()})
        rows = drive_in_rounds(urls, seconds, concurrency, rounds)
        counts = None if page_cache_seconds else query_counts(site, pages)
    return rows, counts, pages


def format_table(uncached, cached):
    lines = [
        f"{'page':<26} {'mode':<9} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} "
        f"{'of static':>10} {'x demo home':>12}",
    ]
    for mode, rows in (("uncached", uncached), ("cached", cached)):
        ceiling = rows["static file"]["requests_per_s"]
        for name, row in rows.items():
            share = row["requests_per_s"] / ceiling if ceiling else float("nan")
            versus_demo = f"{share / DEMO_SHARE_OF_STATIC:>11.1f}x" if name != "static file" else f"{'':>12}"
            lines.append(
                f"{name:<26} {mode:<9} {row['requests_per_s']:>9.1f} {row['p50_ms']:>8.2f} "
                f"{row['p99_ms']:>8.2f} {row['errors']:>7} {share:>9.0%} {versus_demo}"
            )
    return "\n".join(lines)


def format_languages(uncached, cached):
    """The Spanish home's throughput as a share of the English home's, in each mode."""
    lines = []
    for mode, rows in (("uncached", uncached), ("cached", cached)):
        english, spanish = rows["home"]["requests_per_s"], rows[SPANISH_HOME]["requests_per_s"]
        ratio = spanish / english if english else float("nan")
        verdict = "within" if ratio >= 1 - SPANISH_TOLERANCE else "SLOWER than"
        lines.append(
            f"{SPANISH_HOME} / home, {mode:<8}: {ratio:>5.0%} ({spanish:.1f} / {english:.1f} req/s), "
            f"{verdict} {SPANISH_TOLERANCE:.0%} of the English home"
        )
    return "\n".join(lines)


def format_varnish(cached):
    """Each page through Varnish against the static file served by gunicorn alone, in the same run."""
    ceiling = cached["static file"]["requests_per_s"]
    lines = []
    for name in PAGES:
        rate = cached[name + VIA_VARNISH]["requests_per_s"]
        share = rate / ceiling if ceiling else float("nan")
        verdict = "reaches" if share >= 1 else "BELOW"
        lines.append(
            f"{name + VIA_VARNISH:<26}: {rate:>9.1f} req/s, {share:>5.0%} of gunicorn's static file "
            f"({ceiling:.1f} req/s): {verdict} the target of 100%"
        )
    return "\n".join(lines)


def format_counts(counts, pages):
    lines = [f"{'page':<14} {'SQL queries':>12} {'right after a change':>21}"]
    for name, path in pages.items():
        lines.append(f"{name:<14} {counts[path]['warm']:>12} {counts[path]['after_change']:>21}")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=12, help="how long to drive each URL, in all")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--rounds", type=int, default=3, help="rounds over the URLs, --seconds split among them")
    args = parser.parse_args(argv)

    driver = "wrk" if shutil.which("wrk") else "the Python load driver (install wrk for sharper figures)"
    print(
        f"Driving each URL for {args.seconds} s in {args.rounds} rounds "
        f"at concurrency {args.concurrency} with {driver}."
    )
    uncached, counts, pages = bench_site(
        0, args.seconds, args.concurrency, args.workers, args.rounds, with_reference=True
    )
    cached, _, _ = bench_site(
        60 * 60 * 24, args.seconds, args.concurrency, args.workers, args.rounds, with_varnish=True
    )
    print(format_table(uncached, cached))
    print()
    print(format_languages(uncached, cached))
    print()
    print(format_varnish(cached))
    print(
        "\n'of static': share of the static file's requests/s in the same mode and run; 'x demo home': "
        f"that share over the demo home page's recorded {DEMO_SHARE_OF_STATIC:.0%} of static. "
        f"'{REFERENCE}': the welcome page of a new `wagtail start` project, Wagtail with nothing added. "
        f"'{VIA_VARNISH.strip()}': through Varnish in front of the cached site, against its static file "
        "served by gunicorn alone.\n"
    )
    print(format_counts(counts, pages))
    failed = sum(row["errors"] for rows in (uncached, cached) for row in rows.values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
