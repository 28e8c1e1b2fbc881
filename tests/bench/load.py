"""wrk runs (bounded in time, loopback only) and the parsing of their --latency output."""

import re
import shutil
import statistics
import subprocess
from dataclasses import dataclass
from urllib.parse import urlsplit

from tests.bench.servers import USER_AGENT

THREADS, CONNECTIONS = 2, 16
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass
class Run:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    bad: int  # non-2xx/3xx responses and socket errors


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * UNITS[unit]


def parse_wrk(output: str) -> Run:
    """Read requests/sec, the 50 % and 99 % latencies and any errors from wrk --latency."""
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))
    total = int(re.search(r"(\d+) requests in", output).group(1))
    bad = 0
    if found := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        bad += int(found.group(1))
    if found := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    ):
        bad += sum(int(n) for n in found.groups())
    return Run(rps, p50, p99, total, bad)


def wrk(url: str, seconds: int, cookie: str | None = None) -> Run:
    """One wrk run of `seconds` against a 127.0.0.1 URL."""
    if urlsplit(url).hostname != "127.0.0.1":
        raise ValueError("the bench only loads 127.0.0.1")
    command = [
        shutil.which("wrk") or "wrk",
        f"-t{THREADS}",
        f"-c{CONNECTIONS}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "--latency",
        "-H",
        f"User-Agent: {USER_AGENT}",
        # As a browser asks: the portal compresses its answers itself (Flask-Compress).
        "-H",
        "Accept-Encoding: br, gzip",
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    done = subprocess.run(
        [*command, url], capture_output=True, text=True, timeout=seconds + 30, check=True
    )
    return parse_wrk(done.stdout)


def summarise(runs: list[Run]) -> dict:
    """The median of the rounds (requests per second, p50 and p99)."""
    return {
        "rps": round(statistics.median(r.rps for r in runs), 1),
        "p50_ms": round(statistics.median(r.p50_ms for r in runs), 2),
        "p99_ms": round(statistics.median(r.p99_ms for r in runs), 2),
        "requests": sum(r.requests for r in runs),
        "bad_responses": sum(r.bad for r in runs),
        "rounds": [round(r.rps, 1) for r in runs],
    }
