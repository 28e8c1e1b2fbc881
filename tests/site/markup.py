"""Tools for the markup test (test_html_validity.py): the W3C Nu HTML checker run once over a
folder of pages, the same-site links of a page, and its POST forms as a browser would send them."""

import json
import shutil
import subprocess
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

VNU = (
    Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
)


def nu_checker_messages(folder: Path) -> list[dict]:
    """Every message of the Nu checker on the .html files in `folder`, in one Java start."""
    java = shutil.which("java")
    assert java, "no Java runtime: `make test` installs one (Debian's default-jre-headless)"
    assert VNU.is_file(), f"{VNU} is missing: `npm ci` installs vnu-jar"
    result = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--exit-zero-always", "--stdout", str(folder)],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)["messages"]


def local_path(url: str) -> str | None:
    """The path and query of a link into this site, without its fragment; None for others."""
    if not url or url.startswith(("#", "//", "mailto:", "tel:")):
        return None
    parts = urlsplit(url)
    if parts.scheme and parts.netloc != "localhost":
        return None
    if not parts.path.startswith("/"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


@dataclass
class Form:
    action: str
    # (name, kind, value): kind is the input's type, or "textarea" / "select"
    fields: list[tuple[str, str, str]] = field(default_factory=list)

    def empty(self) -> dict:
        """What a person sends who fills in nothing: the hidden fields only."""
        return {name: value for name, kind, value in self.fields if kind == "hidden"}

    def as_shown(self) -> dict:
        """What a person sends who changes nothing (checked boxes, chosen options, text)."""
        data = {}
        for name, kind, value in self.fields:
            if kind not in ("submit", "button", "reset", "image", "unchecked"):
                data.setdefault(name, value)
        return data


class PageParts(HTMLParser):
    """The same-site links and the POST forms of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._textarea: str | None = None
        self._select: str | None = None
        self._select_value: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "option" and self._select:
            if self._select_value is None or "selected" in attrs:
                self._select_value = attrs.get("value", "")
        elif tag == "a" and (link := local_path(unescape(attrs.get("href", "")))):
            self.links.append(link)
        elif tag == "form":
            post = attrs.get("method", "get").lower() == "post"
            self._form = Form(attrs.get("action", "")) if post else None
            if self._form is not None:
                self.forms.append(self._form)
        elif self._form is None or "name" not in attrs:
            return
        elif tag == "input":
            kind = attrs.get("type", "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                kind = "unchecked"
            value = attrs.get("value", "on" if kind in ("checkbox", "radio") else "")
            self._form.fields.append((attrs["name"], kind, value))
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self._form.fields.append((attrs["name"], "textarea", ""))
        elif tag == "select":
            self._select, self._select_value = attrs["name"], None

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if self._textarea and self._form:
            name, kind, value = self._form.fields.pop()
            self._form.fields.append((name, kind, value + data))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select and self._form:
            self._form.fields.append((self._select, "select", self._select_value or ""))
            self._select = None


def page_parts(html: str) -> PageParts:
    parts = PageParts()
    parts.feed(html)
    parts.close()
    return parts
