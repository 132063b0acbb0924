"""SQL queries per page type, as the benchmark's site serves them.

Run by tests/bench/bench.py with the site's own environment: for each page,
the queries of a request right after a change (nothing remembered) and of
the next one, with the full-page cache off.
"""

import json
import sys

import django


def main(paths):
    django.setup()
    from django.conf import settings
    from django.test import Client

    from tests.queries import count_queries
    from wpa_site.cache.version import invalidate_page_cache

    settings.PAGE_CACHE_SECONDS = 0
    client = Client(HTTP_HOST="localhost")
    counts = {}
    for path in paths:
        client.get(path)  # connection and compiled templates, as in a running worker
        invalidate_page_cache()
        after_change = count_queries(client, path)
        counts[path] = {"after_change": after_change, "warm": count_queries(client, path)}
    print(json.dumps(counts))


if __name__ == "__main__":
    main(sys.argv[1:])
