"""`flask translate ...`: the Danish and Swedish catalogs, through pybabel.

The .pot and the .mo files are generated, never committed: the tests and the deployment
compile the catalogs with compile_translations, and tests/test_catalogs.py extracts with
extract_messages to find a msgid missing from them."""

from pathlib import Path

from babel.messages.frontend import CommandLineInterface as BabelCLI
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
    _babel("compile", "-d", str(TRANSLATIONS), "--statistics")


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
