"""F1b: looking at a page writes nothing, except the one access-log row a staff member's view
of a client's data needs (an INSERT, never an UPDATE of a shared row)."""

import re
from contextlib import contextmanager

import pytest
from sqlalchemy import event

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b(?:\s+INTO|\s+FROM)?\s+(\w+)", re.IGNORECASE)


@contextmanager
def recording_writes(app):
    writes = []

    def record(_conn, _cursor, statement, *_args):
        if match := WRITE.match(statement):
            writes.append((match[1].upper(), match[2]))

    engine = app.extensions["db_engine"]
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield writes
    finally:
        event.remove(engine, "before_cursor_execute", record)


def client_pages(client_id: int) -> list[str]:
    return [
        "/",
        "/messages",
        f"/clients/{client_id}/goals",
        f"/clients/{client_id}/plan",
        f"/clients/{client_id}/profile",
        f"/clients/{client_id}/jobs",
        f"/clients/{client_id}/meetings",
    ]


def conversation_page(things: dict) -> list[str]:
    return [f"/conversations/{things['conversation_id']}"]


@pytest.mark.parametrize(
    ("who", "pages", "audited"),
    [
        ("client_a", client_pages, 0),
        ("specialist_a", client_pages, 5),  # the five pages about her client, each logged once
        ("specialist_a", lambda _id: ["/", "/messages", "/employers", "/job-development"], 0),
        ("admin", lambda _id: ["/", "/reports", "/feedback/report"], 0),
    ],
)
def test_viewing_pages_writes_only_the_access_log(
    app, login_as, people, anna_things, who, pages, audited
):
    browser = login_as(who)
    urls = pages(people["client_a"].id)
    if who in {"client_a", "specialist_a"}:  # a conversation both read: nothing new the 2nd time
        urls += conversation_page(anna_things)
        audited += who == "specialist_a"
    for url in urls:  # once first: reading new messages marks them read, a real change
        assert browser.get(url).status_code == 200, url
    with recording_writes(app) as writes:
        for url in urls:
            assert browser.get(url).status_code == 200, url
    assert writes == [("INSERT", "audit_entries")] * audited


def test_the_first_look_at_a_teams_benefits_questions_writes_nothing(app, login_as, people):
    """A team is made with its starting list (portal.placements.services.benefit_questions),
    so the lead's first look at it has nothing to write."""
    browser = login_as("admin")
    with recording_writes(app) as writes:
        page = browser.get(f"/team/{people['admin'].team_id}/benefits-questions")
    assert page.status_code == 200
    assert writes == []
    assert "kontanthjælp" in page.get_data(as_text=True)
