"""Bounded load against the site run production-like on a fresh Postgres database.

    make load        (or: .venv/bin/python -m tests.load.load_test --requests 1000 --concurrency 16)

Prints requests/s and p50/p95/p99 latency and errors per URL; exits non-zero
if any request failed.
"""

import argparse
import re
import sys
import urllib.request

from tests.load.driver import format_summary, run_load, summarize
from tests.servers import production_site


def site_paths(base_url, limit=6):
    """The home page, a few pages from the sitemap, the stylesheet, the health check."""
    with urllib.request.urlopen(base_url + "/sitemap.xml", timeout=10) as response:
        sitemap = response.read().decode()
    pages = [re.sub(r"^https?://[^/]+", "", url) for url in re.findall(r"<loc>([^<]+)</loc>", sitemap)]
    with urllib.request.urlopen(base_url + "/", timeout=10) as response:
        home = response.read().decode()
    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', home)
    paths = list(dict.fromkeys(["/", *pages[:limit], *stylesheets[:1], "/healthz"]))
    return paths


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--database", choices=["postgres", "sqlite"], default="postgres")
    args = parser.parse_args(argv)

    with production_site(database=args.database, workers=args.workers) as site:
        paths = site_paths(site.url)
        print(f"gunicorn ({args.workers} workers) on {site.url}, {args.database}; URLs: {', '.join(paths)}")
        run_load(site.url, paths, total=50, concurrency=4)  # warm up caches and connections
        results, elapsed = run_load(site.url, paths, total=args.requests, concurrency=args.concurrency)
    summary = summarize(results, elapsed)
    print(format_summary(summary))
    return 1 if summary["all"]["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
