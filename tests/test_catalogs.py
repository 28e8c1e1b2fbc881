"""The Danish and Swedish catalogs are complete, not fuzzy, and up to date with the code."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from portal.ops.catalogs import TRANSLATIONS, extract_messages

LANGUAGES = ("da", "sv")


@pytest.fixture(scope="module")
def code_messages(tmp_path_factory) -> set:
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    extract_messages(pot)
    with pot.open("rb") as handle:
        return {message.id for message in read_po(handle) if message.id}


def load(language: str):
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle)


def test_the_code_has_translatable_strings(code_messages):
    assert "Sign in" in code_messages
    assert len(code_messages) > 100


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_matches_the_code(language, code_messages):
    catalog_ids = {message.id for message in load(language) if message.id}
    missing = sorted(str(m) for m in code_messages - catalog_ids)
    stale = sorted(str(m) for m in catalog_ids - code_messages)
    assert missing == [], f"run `make translate` and translate: {missing[:10]}"
    assert stale == [], f"run `make translate` to drop: {stale[:10]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated_and_none_is_fuzzy(language):
    catalog = load(language)
    untranslated, fuzzy = [], []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        if not all(strings) or (len(strings) < catalog.num_plurals and message.pluralizable):
            untranslated.append(message.id)
        if message.fuzzy:
            fuzzy.append(message.id)
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_survive_translation(language):
    problems = []
    for message, errors in load(language).check():
        problems.extend(f"{message.id!r}: {error}" for error in errors)
    assert problems == []


def test_compiled_catalogs_are_not_committed():
    root = Path(__file__).resolve().parent.parent
    assert "*.mo" in (root / ".gitignore").read_text().split()
