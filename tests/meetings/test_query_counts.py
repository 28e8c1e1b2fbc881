"""The meeting and feedback pages take the same number of queries with 2 or 20 meetings."""

from datetime import date

from portal.core.db import db
from portal.core.identity import User
from portal.feedback.models import Feedback
from portal.feedback.services import give_feedback
from portal.meetings.services import confirm_summary, dispute_summary
from tests.helpers import sign_in
from tests.meetings.helpers import planned_meeting, recorded_meeting
from tests.queries import page_queries


def write_meetings(app, people, n: int) -> int:
    """Give client A n planned and n recorded meetings, answered and given feedback on."""
    with app.app_context():
        anna = db.get(User, people["client_a"].id)
        mette = db.get(User, people["specialist_a"].id)
        first = None
        for i in range(n):
            planned_meeting(mette, anna, days_from_today=i + 1)
            meeting = recorded_meeting(mette, anna, f"Summary {i}")
            first = first or meeting
            if i % 2:
                confirm_summary(anna, meeting, meeting.version)
            else:
                dispute_summary(anna, meeting, f"Correction {i}", meeting.version)
            give_feedback(anna, 1 + i % 5, f"Comment {i}", bool(i % 2), meeting)
            db.add(
                Feedback(
                    team_id=anna.team_id,
                    specialist_id=mette.id,
                    rating=3,
                    named=False,
                    month=date(2026, 1 + i % 12, 1),
                )
            )
        db.commit()
        return first.id


def test_meeting_and_feedback_pages_do_not_grow_with_the_data(app, make_client, people):
    meeting_id = write_meetings(app, people, 2)
    anna_id = people["client_a"].id
    pages = {
        "client_a": ["/", f"/clients/{anna_id}/meetings", f"/meetings/{meeting_id}", "/feedback"],
        "specialist_a": [
            "/",
            f"/clients/{anna_id}/meetings",
            f"/meetings/{meeting_id}",
            "/feedback",
        ],
        "admin": ["/feedback/report", "/feedback/report?by=month"],
    }
    browsers = {}
    for who in pages:
        browsers[who] = make_client()
        sign_in(browsers[who], people[who].email)
    small = {who: page_queries(app, browsers[who], urls) for who, urls in pages.items()}
    write_meetings(app, people, 20)
    large = {who: page_queries(app, browsers[who], urls) for who, urls in pages.items()}
    assert large == small
    # The specialist's home (attention list and caseload table) is the largest.
    assert max(count for counts in small.values() for count in counts.values()) <= 20
