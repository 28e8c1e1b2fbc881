""" "Who has looked at my data" as one line per person and day (P1): every view stays in the
audit log, but twenty page views in two minutes read as one visit, not as being watched."""

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from portal.core.audit import AuditEntry
from portal.core.db import db

# Noon in Copenhagen, well away from midnight in any of the portal's time zones.
TUESDAY = datetime(2026, 12, 1, 11, 0, tzinfo=UTC)
PAGES = ["goals.index", "goals.detail", "plans.index", "messaging.conversation", "meetings.list"]


def log(app, actor, client_id, at, what, action="view", role=None):
    with app.app_context():
        db.add(
            AuditEntry(
                actor_id=actor.id if actor is not None else None,
                actor_role=role or actor.role.value,
                client_id=client_id,
                action=action,
                what=what,
                created_at=at,
            )
        )
        db.commit()


def lines(page: str) -> list[str]:
    """The access log's lines as the participant reads them, tags and spacing dropped."""
    section = page.split('id="access-heading"', 1)[1]
    items = re.findall(r"<li>(.*?)</li>", section, re.S)
    return [" ".join(re.sub(r"<[^>]+>", "", item).split()) for item in items]


def test_twenty_views_over_two_days_read_as_two_lines(app, login_as, people):
    sofie, anna_id = people["specialist_a"], people["client_a"].id
    for minute in range(10):
        for day in (TUESDAY, TUESDAY + timedelta(days=1)):
            log(app, sofie, anna_id, day + timedelta(seconds=12 * minute), PAGES[minute % 5])
    log(app, sofie, anna_id, TUESDAY + timedelta(days=1, minutes=3), "plans.edit", "change")
    page = login_as("client_a").get("/my-data").get_data(as_text=True)
    assert lines(page) == [
        "Sofie Specialist (Employment specialist), 2 December 2026: looked at your"
        " goals, your plan, your messages, and your meetings; changed your plan",
        "Sofie Specialist (Employment specialist), 1 December 2026: looked at your"
        " goals, your plan, your messages, and your meetings",
    ]
    with app.app_context():  # every view is still kept
        assert db.scalar(select(func.count(AuditEntry.id))) == 21


def test_two_people_on_the_same_day_are_two_lines(app, login_as, people):
    anna_id = people["client_a"].id
    log(app, people["specialist_a"], anna_id, TUESDAY, "goals.index")
    log(app, people["employer"], anna_id, TUESDAY + timedelta(minutes=5), "checkins.answer_by_link")
    log(app, people["specialist_a"], anna_id, TUESDAY + timedelta(minutes=9), "goals.detail")
    page = login_as("client_a", "da").get("/my-data").get_data(as_text=True)
    found = lines(page)
    assert len(found) == 2, found
    assert found[0].startswith("Sofie Specialist") and "1. december 2026" in found[0]
    assert found[1].startswith("Erik Arbejdsgiver")


def test_the_account_lifecycle_reads_in_plain_words(app, login_as, people):
    anna_id, lead = people["client_a"].id, people["admin"]
    log(app, None, anna_id, TUESDAY, "accounts.deactivate", "deactivate", "command line")
    log(app, None, anna_id, TUESDAY, "accounts.reactivate", "reactivate", "command line")
    log(app, lead, anna_id, TUESDAY, "accounts.team_reset_2fa", "reset-2fa")
    page = login_as("client_a").get("/my-data").get_data(as_text=True)
    found = lines(page)
    assert len(found) == 2, found
    assert any(
        line.startswith(f"{lead.name} (Team lead)")
        and line.endswith("reset the two-factor sign-in of your account")
        for line in found
    ), found
    assert any(
        line.startswith("the portal's administrator, ")
        and line.endswith("switched your account off; switched your account on again")
        for line in found
    ), found
    for raw in ("accounts.", "command line", "deactivate", "reset-2fa"):
        assert raw not in " ".join(found), raw


def test_the_access_log_takes_the_same_queries_however_long_it_is(app, login_as, people):
    from tests.queries import counting_queries

    anna = login_as("client_a")
    anna.get("/my-data")  # warm: sign-in leftovers and caches out of the count
    counts = []
    for days in (2, 20):
        for day in range(days):
            for who in ("specialist_a", "employer", "admin"):
                log(
                    app,
                    people[who],
                    people["client_a"].id,
                    TUESDAY - timedelta(days=day),
                    "goals.index",
                )
        with counting_queries(app) as counter:
            assert anna.get("/my-data").status_code == 200
        counts.append(counter["queries"])
    assert counts[0] == counts[1], counts
