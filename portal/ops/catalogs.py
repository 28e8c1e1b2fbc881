"""`flask translate ...`: the Danish and Swedish catalogs, through pybabel.

The .pot and the .mo files are generated, never committed: the tests and the deployment
compile the catalogs with compile_translations, and tests/test_catalogs.py extracts with
extract_messages to find a msgid missing from them."""

import os
import tempfile
from pathlib import Path

from babel.messages.frontend import CommandLineInterface as BabelCLI
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask.cli import AppGroup

ROOT = Path(__file__).resolve().parents[2]  # the checkout: portal/, translations/, pyproject
TRANSLATIONS = ROOT / "translations"
POT_FILE = TRANSLATIONS / "messages.pot"

translate_cli = AppGroup("translate", help="Extract, update and compile the translations.")


def _babel(*args: str) -> None:
    BabelCLI().run(["pybabel", "-q", *args])


def extract_messages(output: Path = POT_FILE) -> None:
    """Collect every translatable string from the code into a .pot file."""
    _babel(
        "extract",
        "-F",
        str(ROOT / "pyproject.toml"),
        "-k",
        "_l",
        "-k",
        "lazy_ngettext:1,2",
        "-k",
        "lazy_pgettext:1c,2",
        "--no-location",
        "--sort-output",
        "--omit-header",
        "-o",
        str(output),
        str(ROOT / "portal"),
    )


def compile_translations() -> None:
    """Compile each catalog to its .mo file, replacing the old one in one step: a server or
    test reading the catalogs meanwhile (several test workers, a running portal) reads the
    old file or the new one, never a half-written one."""
    for po_file in sorted(TRANSLATIONS.glob("*/LC_MESSAGES/messages.po")):
        with po_file.open("rb") as source:
            catalog = read_po(source, locale=po_file.parts[-3])
        mo_file = po_file.with_suffix(".mo")
        with tempfile.NamedTemporaryFile(dir=mo_file.parent, delete=False) as target:
            write_mo(target, catalog)
        os.chmod(target.name, 0o644)  # as pybabel would leave it: the portal's user reads it
        os.replace(target.name, mo_file)


@translate_cli.command("extract")
def translate_extract() -> None:
    """Collect every translatable string from the code into translations/messages.pot."""
    extract_messages()


@translate_cli.command("update")
def translate_update() -> None:
    """Extract, then merge new strings into the Danish and Swedish catalogs."""
    extract_messages()
    _babel("update", "-i", str(POT_FILE), "-d", str(TRANSLATIONS), "--no-wrap", "--ignore-obsolete")


@translate_cli.command("compile")
def translate_compile() -> None:
    """Compile the catalogs to .mo files (generated, not committed)."""
    compile_translations()
