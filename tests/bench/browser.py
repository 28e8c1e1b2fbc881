"""What a first visit costs: page weight (HTML + CSS + JS, compressed), and Lighthouse."""

import gzip
import json
import os
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import requests

from tests.bench.servers import USER_AGENT

BENCH = Path(__file__).resolve().parent
LIGHTHOUSE = BENCH / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync"
)
CATEGORIES = ("performance", "accessibility", "best-practices")


class _Assets(HTMLParser):
    """The stylesheets and scripts a page references."""

    def __init__(self):
        super().__init__()
        self.urls: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if (
            tag == "link"
            and "stylesheet" in (values.get("rel") or "").split()
            and values.get("href")
        ):
            self.urls.append(("css", values["href"]))
        elif tag == "script" and values.get("src"):
            self.urls.append(("js", values["src"]))


def _fetch(url: str, cookie: str) -> dict:
    headers = {"Accept-Encoding": "br, gzip", "User-Agent": USER_AGENT, "Cookie": cookie}
    with requests.get(url, headers=headers, timeout=15, stream=True) as response:
        response.raise_for_status()
        raw = response.raw.read(decode_content=False)  # the bytes on the wire
        encoding = response.headers.get("Content-Encoding", "identity")
        body = raw
        if encoding == "gzip":
            body = gzip.decompress(raw)
        elif encoding == "br":
            body = None  # not needed: the transferred size is what counts
    return {
        "url": url,
        "encoding": encoding,
        "transferred_bytes": len(raw),
        "gzip_would_be": len(gzip.compress(body, 6)) if encoding == "identity" else None,
        "_text": body.decode("utf-8", "replace") if body is not None else "",
    }


def page_weight(base_url: str, path: str, cookie: str) -> dict:
    """The first visit's HTML and every stylesheet and script it references, as transferred."""
    html = _fetch(base_url + path, cookie)
    if html["encoding"] == "br":
        # Parse an uncompressed copy for the asset list; the transferred size stays brotli's.
        plain = requests.get(
            base_url + path,
            headers={"Accept-Encoding": "identity", "User-Agent": USER_AGENT, "Cookie": cookie},
            timeout=15,
        )
        html["_text"] = plain.text
    parser = _Assets()
    parser.feed(html.pop("_text"))
    files = [{"kind": "html", **html}]
    for kind, href in parser.urls:
        asset = _fetch(urljoin(base_url + path, href), cookie)
        asset.pop("_text")
        files.append({"kind": kind, **asset})
    total = sum(f["transferred_bytes"] for f in files)
    uncompressed = [f["url"] for f in files if f["encoding"] == "identity"]
    return {
        "path": path,
        "files": files,
        "total_kb": round(total / 1024, 1),
        "by_kind_kb": {
            kind: round(sum(f["transferred_bytes"] for f in files if f["kind"] == kind) / 1024, 1)
            for kind in ("html", "css", "js")
        },
        "uncompressed": uncompressed,
    }


def lighthouse(url: str, cookie: str | None = None) -> dict:
    """Lighthouse (mobile, simulated throttling) with Debian's Chromium: scores, LCP and CLS."""
    if not LIGHTHOUSE.exists():
        return {"error": "Lighthouse is not installed (npm ci --prefix tests/bench)"}
    with tempfile.TemporaryDirectory(prefix="portal-lighthouse-") as folder:
        report = Path(folder) / "report.json"
        command = [
            "node",
            str(LIGHTHOUSE),
            url,
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(CATEGORIES)}",
            # The bench's certificate authority is made for the run; Chromium cannot know it.
            f"--chrome-flags={CHROME_FLAGS} --ignore-certificate-errors "
            f"--user-data-dir={folder}/profile",
            "--quiet",
        ]
        if cookie:
            command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
        env = {**os.environ, "CHROME_PATH": CHROMIUM}
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=240)
        if done.returncode != 0 or not report.exists():
            return {"error": (done.stderr or done.stdout)[-1500:]}
        data = json.loads(report.read_text())
    audits = data["audits"]
    return {
        "final_url": data.get("finalDisplayedUrl") or data.get("finalUrl"),
        "lighthouse": data.get("lighthouseVersion"),
        "scores": {
            name: round(data["categories"][name]["score"] * 100)
            if data["categories"][name]["score"] is not None
            else None
            for name in CATEGORIES
        },
        "lcp_ms": round(audits["largest-contentful-paint"].get("numericValue") or 0),
        "cls": round(audits["cumulative-layout-shift"].get("numericValue") or 0, 3),
        "failed_audits": sorted(
            key
            for key, audit in audits.items()
            if audit.get("score") is not None
            and audit["score"] < 0.9
            and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
        ),
    }
