"""The readable export (P2, A4): a page in the person's language, every table with a heading
and every field with a label, no database names, codes, ids or ISO timestamps, and nothing
of another person."""

import re

import pytest
from flask_babel import force_locale

from portal.core.db import Base
from portal.privacy.export_labels import TABLE_LABELS, field_label
from portal.privacy.readable import shown_columns
from portal.privacy.services import _references, client_rows
from tests.privacy.helpers import enrich, references_to
from tests.privacy.seams import NAME, plant

ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}|\b\d{4}-\d{2}-\d{2}\b")


def tables_that_can_hold_a_client() -> set:
    """Every table client_rows can reach from the users table, following foreign keys."""
    users = Base.metadata.tables["users"]
    reached, frontier = {users}, {users}
    while frontier:
        frontier = {
            child
            for child, _column, parent in _references()
            if parent in frontier and child not in reached
        }
        reached |= frontier
    return reached


def test_every_table_and_field_a_client_can_have_has_words():
    """A new table or column that can refer to a client needs a heading or a label here."""
    missing = [
        table.name for table in tables_that_can_hold_a_client() if table.name not in TABLE_LABELS
    ]
    missing += [
        f"{table.name}.{column.name}"
        for table in tables_that_can_hold_a_client()
        for column in shown_columns(table)
        if field_label(table.name, column.name) is None
    ]
    assert missing == [], "add words in portal/privacy/export_labels.py for " + ", ".join(missing)


def raw_names() -> set[str]:
    names = set()
    for table in tables_that_can_hold_a_client():
        names.add(table.name)
        names |= {column.name for column in table.columns}
    return names


@pytest.mark.parametrize("lang", ["da", "sv", "en"])
def test_the_export_is_a_page_in_her_language(app, login_as, people, anna_things, lang):
    enrich(app, people)
    plant(app, people, anna_things)
    login_as("specialist_a").get(f"/goals/{anna_things['goal_id']}")
    anna = login_as("client_a", lang)
    response = anna.get("/my-data/export.html")
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert "Content-Disposition" not in response.headers  # opened, not downloaded
    page = response.get_data(as_text=True)
    assert f'<html lang="{lang}"' in page
    with app.test_request_context(), force_locale(lang):
        anna_id = people["client_a"].id
        held = {table.name for table in client_rows(anna_id)}
        assert {key.split(".")[0] for key in references_to(anna_id)} <= held
        assert {"messages", "checkins", "consent_events", "goal_notes"} <= held
        headings = {name: str(TABLE_LABELS[name]) for name in held}
    for name, heading in headings.items():
        assert f">{heading}</h2>" in page.replace("&#39;", "'"), (lang, name, heading)
    body = page.split("<main", 1)[1]
    text = re.sub(r"<[^>]+>", " ", body)
    for raw in raw_names():
        if "_" in raw:  # career_profiles, client_id: never in the text
            assert not re.search(rf"\b{re.escape(raw)}\b", text), raw
    # "goals" or "body" may be words in a sentence, never a heading or a label alone.
    labels = re.findall(r"<(?:h2|dt)[^>]*>([^<]*)</", body)
    assert labels and not set(labels) & raw_names(), set(labels) & raw_names()
    assert not re.search(r"\b(True|False|None)\b", text)
    assert not ISO_MOMENT.search(text), ISO_MOMENT.search(text)
    assert "A goal" in page and NAME in page
    assert "Bent Klient" not in page and "client.b@example.org" not in page
    assert people["specialist_a"].email not in page
    if lang == "da":
        assert ">ja<" in page
    if lang == "sv":
        assert ">ja<" in page


def test_my_data_links_to_the_page_with_a_print_hint(login_as, people):
    page = login_as("client_a").get("/my-data").get_data(as_text=True)
    link = re.search(r'<a href="/my-data/export.html"([^>]*)>', page)
    assert link and "download" not in link.group(1)
    assert "Save as PDF" in page
