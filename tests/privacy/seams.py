"""Anna with something in every corner of the portal, in words found nowhere else, for the
restriction and erasure tests to look for afterwards."""

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from portal.core.dates import local_today
from portal.core.db import Base, db
from portal.core.held_forms import hold_form
from portal.core.identity import User
from portal.core.outbox import OutboxEmail
from portal.feedback.services import give_feedback
from portal.goals.models import GoalKind
from portal.goals.services import GoalData, create_goal
from portal.messaging.services import send_message, start_conversation
from portal.placements.models import CheckIn, Disclosure, EmployerConsent, EmployerContact, Job
from portal.placements.services.checkins import Answer, answer_checkin
from portal.placements.services.consent import set_disclosure
from portal.placements.services.jobs import report_struggling
from tests.meetings.helpers import planned_meeting, recorded_meeting

# Her words, each written once, where the portal keeps them.
WORDS = {
    "goal": "Goal-tulipan: a job with animals",
    "subject": "Subject-tulipan",
    "message": "Message-tulipan: I am nervous about Monday",
    "summary": "Summary-tulipan: two applications",
    "feedback": "Feedback-tulipan: Sofie listens",
    "struggle": "Struggle-tulipan: the noise at work",
    "checkin": "Checkin-tulipan: Anna was tired today",
    "log_note": "Lognote-tulipan: asked about hours for Anna",
    "disclosure": "Disclosure-tulipan: only that I have support",
    "held": "Held-tulipan: a reply to Anna",
}
NAME, FIRST_NAME, EMAIL = "Anna Klient", "Anna", "client.a@example.org"
# Bent's e-mail waits in the outbox too, and must survive whatever is done to Anna.
BENT_SUBJECT = "For Bent only"


def plant(app, people, anna_things) -> dict:
    """Give Anna (client A) one of everything, with e-mails waiting; return ids to look at."""
    with app.app_context():
        anna = db.get(User, people["client_a"].id)
        sofie = db.get(User, people["specialist_a"].id)
        boss = db.get(User, people["employer"].id)
        today = local_today()
        anna.enrolled_on, anna.digest_opt_in = today - timedelta(days=200), True
        goal = create_goal(anna, anna, GoalData(GoalKind.JOB, WORDS["goal"], None))
        conversation = start_conversation(sofie, anna, WORDS["subject"], "Hej Anna")
        send_message(anna, conversation, WORDS["message"])  # unread by Sofie: her badge
        meeting = recorded_meeting(sofie, anna, WORDS["summary"])
        give_feedback(anna, 5, WORDS["feedback"], True, meeting)
        planned_meeting(sofie, anna)  # news for her digest
        job = db.get(Job, anna_things["job_id"])
        report_struggling(anna, job, WORDS["struggle"])
        checkin = db.get(CheckIn, anna_things["checkin_id"])
        answer = Answer(True, Decimal("15"), 3, True, WORDS["checkin"])  # asks for a call
        answer_checkin(checkin, answer, boss)
        consent = db.get(EmployerConsent, anna_things["consent_id"])
        set_disclosure(anna, consent, Disclosure.AGREED, WORDS["disclosure"])
        job.start_date = today - timedelta(days=30)  # a check-in is due again
        db.add(
            EmployerContact(
                specialist_id=sofie.id,
                employer_id=boss.employers[0].id,
                client_id=anna.id,
                contact_on=today,
                in_person=True,
                note=WORDS["log_note"],
            )
        )
        hold_form(sofie.id, f"/conversations/{conversation.id}", {"body": [WORDS["held"]]})
        hold_form(anna.id, "/feedback", {"comment": [WORDS["feedback"]]})
        db.add(OutboxEmail(recipient=people["client_b"].email, subject=BENT_SUBJECT, body="Hej"))
        db.commit()
        return {"goal_id": goal.id, "conversation_id": conversation.id, "meeting_id": meeting.id}


def needles() -> list[str]:
    return [NAME, FIRST_NAME, EMAIL, *WORDS.values()]


def found_in(text: str) -> list[str]:
    """Which of Anna's name, address and words are in `text` (any case)."""
    folded = text.casefold()
    return [needle for needle in needles() if needle.casefold() in folded]


def every_stored_value() -> list[tuple[str, str]]:
    """(table, value as text) for every value of every row of every table."""
    return [
        (table.name, str(value))
        for table in Base.metadata.sorted_tables
        for row in db.execute(select(table)).all()
        for value in row
        if value is not None
    ]


def outbox_rows() -> list[OutboxEmail]:
    return list(db.scalars(select(OutboxEmail).order_by(OutboxEmail.id)))
