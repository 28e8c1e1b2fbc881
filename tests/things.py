"""One of every kind of record a client has, built straight through the services: shared by
the in-team access matrix (`anna_things` in tests/conftest.py) and the cross-team matrix
(tests/test_team_boundaries.py). Call inside an app context with attached rows."""

from datetime import date

from tests.jobs.helpers import JOB_TITLE

# The user-written texts, by kind; `client_things` writes each one once.
ANNA_TEXTS = {
    "goal": "A goal",
    "step": "A step",
    "question": "A question",
    "strengths": "Calm",
    "suggestion": "A suggestion",
    "proposal": "A proposal",
    "worry": "A worry",
    "response": "A response",
    "comment": "A comment",
    "subject": "A subject",
    "message": "A message",
    "struggle": "A struggle",
    "summary": "A summary",
}
# Every text of `client_things` that a person wrote, the job's title too: tests tell them from
# the interface's own text.
ANNA_WRITTEN = (*ANNA_TEXTS.values(), JOB_TITLE)


def client_things(client, specialist, contact, texts: dict[str, str] = ANNA_TEXTS) -> dict:
    """Goals, a plan, a profile, a conversation, a job at `contact`'s workplace with consent
    and a check-in, a struggling signal and a meeting with a summary, written by the client
    and their specialist; return the ids by route parameter name (and the check-in link)."""
    from portal.goals.models import GoalKind
    from portal.goals.services import GoalData, add_goal_note, create_goal
    from portal.messaging.services import start_conversation
    from portal.placements.services.jobs import report_struggling
    from portal.plans.models import ItemKind, Responsible
    from portal.plans.services import StepData, add_item, add_step
    from portal.profiles.models import Section
    from portal.profiles.services import add_suggestion, save_section
    from tests.jobs.helpers import checkin_id_of, placement
    from tests.meetings.helpers import recorded_meeting

    goal = create_goal(client, client, GoalData(GoalKind.JOB, texts["goal"], None))
    step = add_step(client, client, StepData(texts["step"], Responsible.ME, None))
    item = add_item(client, client, ItemKind.BENEFIT, texts["question"], None)
    save_section(client, client, Section.STRENGTHS, {"strengths": texts["strengths"]}, True, None)
    suggestion = add_suggestion(specialist, client, Section.STRENGTHS, texts["suggestion"])
    proposal = add_step(
        specialist, client, StepData(texts["proposal"], Responsible.SPECIALIST, date(2027, 1, 5))
    )
    add_item(client, client, ItemKind.OBSTACLE, texts["worry"], texts["response"])
    add_goal_note(specialist, goal, texts["comment"])
    conversation = start_conversation(client, client, texts["subject"], texts["message"])
    job, consent, checkin_link = placement(client, specialist, contact)
    review, question = _benefits(job)
    signal = report_struggling(client, job, texts["struggle"])
    meeting = recorded_meeting(specialist, client, texts["summary"])
    return {
        "client_id": client.id,
        "goal_id": goal.id,
        "step_id": step.id,
        "item_id": item.id,
        "suggestion_id": suggestion.id,
        "proposal_id": proposal.id,
        "conversation_id": conversation.id,
        "section_name": "strengths",
        "job_id": job.id,
        "consent_id": consent.id,
        "signal_id": signal.id,
        "checkin_id": checkin_id_of(checkin_link),
        "checkin_link": checkin_link,
        "meeting_id": meeting.id,
        "review_id": review.id,
        "question_id": question.id,
    }


def _benefits(job):
    """The benefits review the job start opened, and the first question of the team's list."""
    from sqlalchemy import select

    from portal.core.db import db
    from portal.placements.models import BenefitsReview
    from portal.placements.services.benefit_questions import team_questions

    review = db.scalar(select(BenefitsReview).where(BenefitsReview.job_id == job.id))
    return review, team_questions(job.client.team_id)[0]
