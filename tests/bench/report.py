"""The machine the bench ran on, and the results as JSON and as a Markdown table."""

import json
import os
import platform
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path


def _first(pattern: str, path: str) -> str | None:
    try:
        found = re.search(pattern, Path(path).read_text(), re.M)
    except OSError:
        return None
    return found.group(1).strip() if found else None


def _version(command: list[str]) -> str | None:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = (done.stdout or done.stderr).strip()
    return text.splitlines()[0] if text else None


def machine(postgres: str | None, lighthouse_cli: Path) -> dict:
    memory_kb = _first(r"^MemTotal:\s+(\d+)", "/proc/meminfo")
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": os.cpu_count(),
        "memory_gb": round(int(memory_kb) / 1024 / 1024, 1) if memory_kb else None,
        "cpu": _first(r"^model name\s*:\s*(.+)$", "/proc/cpuinfo"),
        "python": platform.python_version(),
        "postgresql": postgres,
        "wrk": _version(["wrk", "-v"]),
        "lighthouse": _version(["node", str(lighthouse_cli), "--version"])
        if lighthouse_cli.exists()
        else None,
        "chromium": _version(["/usr/bin/chromium", "--version"]),
    }


def _ms(value: float) -> str:
    return f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def throughput_table(database: dict) -> list[str]:
    lines = [
        "| page | path | rps | p50 ms | p99 ms | p99 / p50 | ratio to bare | queries |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, page in database["pages"].items():
        ratio = "1" if name == "bare" else f"{page['ratio']:.3f}"
        queries = page.get("queries", "")
        spread = page["p99_ms"] / page["p50_ms"] if page["p50_ms"] else 0
        lines.append(
            f"| {name} | `{page['path']}` | {page['rps']:.0f} | {_ms(page['p50_ms'])} "
            f"| {_ms(page['p99_ms'])} | {spread:.1f} | {ratio} | {queries} |"
        )
    memory = database.get("worker_memory_mb")
    if memory:
        sizes = ", ".join(f"{mb:.0f}" for mb in memory)
        lines += ["", f"Memory of the portal's gunicorn workers after the run: {sizes} MB."]
    return lines


def markdown(results: dict) -> str:
    m = results["machine"]
    out = [
        "# `make bench` results",
        "",
        f"Run {m['date']} on {m['nproc']} CPUs ({m['cpu']}), {m['memory_gb']} GB memory; "
        f"Python {m['python']}, PostgreSQL {m['postgresql']}, {m['wrk']}, "
        f"Lighthouse {m['lighthouse']}, {m['chromium']}.",
        "",
        f"As deployed: nginx with TLS (deploy/nginx.conf) in front of gunicorn "
        f"{results['settings']['gunicorn']}, the portal in production settings with Redis; the "
        f"bare page behind an nginx of its own. wrk {results['settings']['wrk']}; "
        f"the median of {results['settings']['rounds']} rounds of "
        f"{results['settings']['seconds']} s, each round every page in turn. "
        "Ratio: the median over the rounds of the page's requests per second over the bare Flask "
        "page's in the same round.",
        "",
    ]
    for label, database in results["databases"].items():
        if "error" in database:
            out += [f"## {label}", "", "Failed:", "", "```", database["error"], "```", ""]
            continue
        out += [f"## {label}", "", f"Data: {database['rows']}", ""]
        out += throughput_table(database)
        if database.get("problems"):
            out += ["", "Problems: " + "; ".join(database["problems"])]
        out.append("")
    weight = results.get("page_weight")
    if weight:
        out += ["## Page weight: first visit to the client home", ""]
        note = ""
        if weight.get("uncompressed"):
            note = " (not compressed by the server: " + ", ".join(weight["uncompressed"]) + ")"
        out.append(
            f"{weight['total_kb']} KB transferred{note}: HTML {weight['by_kind_kb']['html']} KB, "
            f"CSS {weight['by_kind_kb']['css']} KB, JS {weight['by_kind_kb']['js']} KB "
            "(`Accept-Encoding: br, gzip`)."
        )
        out.append("")
    if results.get("lighthouse"):
        out += [
            "## Lighthouse (mobile, simulated throttling)",
            "",
            "| page | performance | accessibility | best practices | LCP ms | CLS |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for name, run in results["lighthouse"].items():
            if "error" in run:
                out.append(f"| {name} | failed: {run['error'][:200]!r} | | | | |")
                continue
            s = run["scores"]
            out.append(
                f"| {name} | {s['performance']} | {s['accessibility']} | {s['best-practices']} "
                f"| {run['lcp_ms']} | {run['cls']} |"
            )
        out.append("")
    out.append(f"Total time: {results['total_seconds']:.0f} s.")
    return "\n".join(out) + "\n"


def write(results: dict, folder: Path) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "results.json").write_text(json.dumps(results, indent=2, default=str) + "\n")
    text = markdown(results)
    (folder / "results.md").write_text(text)
    return text
