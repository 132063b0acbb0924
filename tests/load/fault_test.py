"""Stop Postgres under load, start it again, and measure what visitors saw.

    make fault       (or: .venv/bin/python -m tests.load.fault_test)

Runs the site production-like on a fresh Postgres database, drives steady
load, stops the Postgres cluster for a few seconds, then starts it again.
It stops the whole cluster on this machine: do not run it while anyone else
is using that Postgres.

Passes (exit 0) when every failed request was a 503, no request failed
outside the outage, and the site answered normally again within
--max-recovery seconds of Postgres accepting connections.
"""

import argparse
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from tests.load.driver import format_summary, run_load, summarize
from tests.load.load_test import site_paths
from tests.servers import PGHOST, PGPORT, production_site


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
    parser.add_argument("--before", type=float, default=4.0, help="seconds of load before stopping Postgres")
    parser.add_argument("--down", type=float, default=5.0, help="seconds Postgres stays down")
    parser.add_argument("--after", type=float, default=10.0, help="seconds of load after Postgres is back")
    parser.add_argument("--max-recovery", type=float, default=5.0)
    args = parser.parse_args(argv)

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
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
