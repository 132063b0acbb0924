"""Stop Postgres, then Redis, under load, start each again, and measure what
visitors saw.

    make fault       (or: .venv/bin/python -m tests.load.fault_test [--only postgres|redis])

Postgres: runs the site production-like on a fresh Postgres database, drives
steady load, stops the Postgres cluster for a few seconds, then starts it
again. It stops the whole cluster on this machine: do not run it while
anyone else is using that Postgres. Passes when every failed request was a
503, no request failed outside the outage, and the site answered normally
again within --max-recovery seconds of Postgres accepting connections.

Redis: the same site with its cache in a private redis-server, which is
stopped under load and started again. Passes when no request failed at all
(pages are served without the cache meanwhile; a 503 would be allowed, none
is expected) and pages came from the cache again within --max-recovery
seconds of Redis accepting connections.
"""

import argparse
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path

from tests.load.driver import format_summary, run_load, summarize
from tests.load.load_test import site_paths
from tests.servers import PGHOST, PGPORT, RedisServer, production_site


def cluster_version():
    return sorted(path.name for path in Path("/etc/postgresql").iterdir())[-1]


def pg_ctl(action):
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", cluster_version(), "main", action],
        check=True,
        capture_output=True,
        timeout=60,
    )


def wait_for_postgres(seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if subprocess.run(["pg_isready", "-h", PGHOST, "-p", PGPORT, "-q"], check=False).returncode == 0:
            return time.monotonic()
        time.sleep(0.1)
    raise RuntimeError("Postgres did not come back")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--before", type=float, default=4.0, help="seconds of load before stopping the service")
    parser.add_argument("--down", type=float, default=5.0, help="seconds the service stays down")
    parser.add_argument("--after", type=float, default=10.0, help="seconds of load after the service is back")
    parser.add_argument("--max-recovery", type=float, default=5.0)
    parser.add_argument("--only", choices=["postgres", "redis"], help="run one of the two outages")
    args = parser.parse_args(argv)
    outcomes = []
    if args.only in (None, "postgres"):
        outcomes.append(postgres_outage(args))
    if args.only in (None, "redis"):
        outcomes.append(redis_outage(args))
    return 0 if all(outcomes) else 1


def postgres_outage(args):
    print("== Postgres stopped under load")
    with production_site(database="postgres", workers=args.workers) as site:
        # The stylesheet never touches the database; the outage is about pages.
        pages = [path for path in site_paths(site.url) if not path.startswith("/static/")]
        # Anonymous visitors may get a page from the page cache while the
        # database is down; an unknown query parameter skips that cache.
        paths = pages + [path + "?fault-test=uncached" for path in pages if path != "/healthz"]
        print(f"gunicorn ({args.workers} workers) on {site.url}; URLs: {', '.join(paths)}")
        outcome = {}

        def drive():
            outcome["results"], outcome["elapsed"] = run_load(
                site.url,
                paths,
                duration=args.before + args.down + args.after,
                concurrency=args.concurrency,
            )

        load = threading.Thread(target=drive)
        load.start()
        time.sleep(args.before)
        stopped_at = time.monotonic()
        try:
            pg_ctl("stop")
            down_confirmed_at = time.monotonic()
            time.sleep(args.down)
        finally:
            pg_ctl("start")
            up_at = wait_for_postgres(60)
        load.join()

    results = outcome["results"]
    failures = [result for result in results if not result.ok]
    statuses = Counter(result.status or result.error for result in failures)
    # A request sent after Postgres was back and still failing marks the site as not yet recovered.
    failing_after_up = [result for result in failures if result.started >= up_at]
    recovery = max((result.finished - up_at for result in failing_after_up), default=0.0)
    first_success = min(
        (result.finished - up_at for result in results if result.ok and result.started >= up_at), default=None
    )
    outside_outage = [result for result in failures if result.finished < stopped_at]
    non_503 = [result for result in failures if result.status != 503]

    print(format_summary(summarize(results, outcome["elapsed"])))
    print(
        f"Postgres stopped {down_confirmed_at - stopped_at:.2f} s after the stop command began, "
        f"down for {up_at - stopped_at:.2f} s in all."
    )
    print(f"failed requests: {len(failures)} of {len(results)}; statuses: {dict(statuses) or 'none'}")
    print(f"failures before the outage: {len(outside_outage)}; failures other than 503: {len(non_503)}")
    if first_success is not None:
        print(f"first normal answer: {first_success:.2f} s after Postgres accepted connections")
    print(f"recovery: {recovery:.2f} s after Postgres accepted connections (limit {args.max_recovery} s)")

    passed = not outside_outage and not non_503 and recovery <= args.max_recovery and failures
    if not failures:
        print("No request failed: the outage was not observed, so nothing was tested.")
    print("PASS" if passed else "FAIL")
    return bool(passed)


def page_cache_state(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
            return response.headers.get("X-Page-Cache")
    except OSError:
        return None


def redis_outage(args):
    print("== Redis stopped under load")
    with (
        RedisServer() as redis,
        production_site(database="postgres", workers=args.workers, extra_env={"REDIS_URL": redis.url}) as site,
    ):
        paths = [path for path in site_paths(site.url) if not path.startswith("/static/")]
        print(f"gunicorn ({args.workers} workers) on {site.url}, Redis on port {redis.port}; URLs: {', '.join(paths)}")
        outcome = {}

        def drive():
            outcome["results"], outcome["elapsed"] = run_load(
                site.url, paths, duration=args.before + args.down + args.after, concurrency=args.concurrency
            )

        load = threading.Thread(target=drive)
        load.start()
        time.sleep(args.before)
        stopped_at = time.monotonic()
        redis.stop()
        time.sleep(args.down)
        redis.start()
        up_at = time.monotonic()
        # The first page that comes from the cache again: stored once, then served.
        resumed_at = None
        while resumed_at is None and time.monotonic() < up_at + 30:
            if page_cache_state(site.url + "/") == "hit":
                resumed_at = time.monotonic()
            else:
                time.sleep(0.1)
        load.join()

    results = outcome["results"]
    failures = [result for result in results if not result.ok]
    statuses = Counter(result.status or result.error for result in failures)
    during = [result for result in results if stopped_at <= result.started < up_at]
    print(format_summary(summarize(results, outcome["elapsed"])))
    print(f"Redis down for {up_at - stopped_at:.2f} s; requests sent meanwhile: {len(during)}")
    print(f"failed requests: {len(failures)} of {len(results)}; statuses: {dict(statuses) or 'none'}")
    non_503 = [result for result in failures if result.status != 503]
    print(f"failures other than 503: {len(non_503)}")
    if resumed_at is None:
        print("caching did not resume within 30 s of Redis accepting connections")
    else:
        print(
            f"caching resumed {resumed_at - up_at:.2f} s after Redis accepted connections "
            f"(limit {args.max_recovery} s)"
        )
    passed = not non_503 and during and resumed_at is not None and resumed_at - up_at <= args.max_recovery
    print("PASS" if passed else "FAIL")
    return bool(passed)


if __name__ == "__main__":
    sys.exit(main())
