"""A small HTTP load driver: threads and http.client, loopback only.

Shared by `make load`, `make fault` and the benchmark. It never follows
redirects and never reuses a connection, so every request costs the server a
full accept/parse/respond cycle, as a crowd of separate browsers would.
"""

import http.client
import itertools
import statistics
import threading
import time
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlsplit

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


@dataclass(frozen=True)
class Result:
    path: str
    started: float  # time.monotonic() when the request was sent
    seconds: float
    status: int | None  # None when no HTTP answer came back
    error: str = ""

    @property
    def finished(self):
        return self.started + self.seconds

    @property
    def ok(self):
        return self.status is not None and self.status < 400


def fetch(host, port, path, timeout):
    started = time.monotonic()
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"User-Agent": "wpa-load-driver"})
        response = connection.getresponse()
        response.read()
        return Result(path, started, time.monotonic() - started, response.status)
    except (OSError, http.client.HTTPException) as error:
        return Result(path, started, time.monotonic() - started, None, type(error).__name__)
    finally:
        connection.close()


def run_load(base_url, paths, *, total=None, duration=None, concurrency=16, timeout=10.0):
    """Send GET requests for `paths` in turn, from `concurrency` threads.

    Stops after `total` requests or `duration` seconds, whichever is given
    (both: whichever comes first). Returns (results, elapsed seconds).
    """
    if total is None and duration is None:
        raise ValueError("Give total, duration or both.")
    parts = urlsplit(base_url)
    if parts.hostname not in LOOPBACK_HOSTS:
        raise ValueError(f"The load driver only targets loopback, not {parts.hostname!r}.")
    host, port = parts.hostname, parts.port or 80

    counter = itertools.count()
    lock = threading.Lock()
    results = []
    started = time.monotonic()
    deadline = started + duration if duration is not None else None

    def worker():
        while True:
            with lock:
                index = next(counter)
            if total is not None and index >= total:
                return
            if deadline is not None and time.monotonic() >= deadline:
                return
            result = fetch(host, port, paths[index % len(paths)], timeout)
            with lock:
                results.append(result)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.monotonic() - started


def percentile(values, fraction):
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(fraction * 100) - 1]


def summarize(results, elapsed):
    """Figures per path and overall: count, errors, statuses, p50/p95/p99 in ms."""

    def figures(subset):
        latencies = sorted(result.seconds * 1000 for result in subset)
        return {
            "requests": len(subset),
            "errors": sum(1 for result in subset if not result.ok),
            "statuses": dict(Counter(result.status or result.error for result in subset)),
            "p50_ms": percentile(latencies, 0.50),
            "p95_ms": percentile(latencies, 0.95),
            "p99_ms": percentile(latencies, 0.99),
        }

    by_path = {}
    for result in results:
        by_path.setdefault(result.path, []).append(result)
    summary = {"elapsed_s": elapsed, "requests_per_s": len(results) / elapsed if elapsed else 0.0}
    summary["all"] = figures(results)
    summary["paths"] = {path: figures(subset) for path, subset in by_path.items()}
    return summary


def format_summary(summary):
    rows = [("url", "requests", "errors", "p50 ms", "p95 ms", "p99 ms", "statuses")]
    for label, figures in [*summary["paths"].items(), ("ALL", summary["all"])]:
        rows.append(
            (
                label,
                str(figures["requests"]),
                str(figures["errors"]),
                f"{figures['p50_ms']:.1f}",
                f"{figures['p95_ms']:.1f}",
                f"{figures['p99_ms']:.1f}",
                ", ".join(f"{status}: {count}" for status, count in sorted(figures["statuses"].items(), key=str)),
            )
        )
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) for row in rows]
    lines.append(
        f"{summary['all']['requests']} requests in {summary['elapsed_s']:.2f} s: {summary['requests_per_s']:.1f} req/s"
    )
    return "\n".join(lines)
