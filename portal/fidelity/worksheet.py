"""The worksheet of an open fidelity review: participants drawn at random from those the
team served in the period, whose records a reviewer reads to check the scores, each with the
dates and counts a reviewer looks for first.

The draw is seeded by the review (the same sample at every view, so a printed worksheet
stays true) and is shown only to the team's lead, on the page of the open review: it names
people, so it is neither kept in the finished review nor in its file.
"""

import random
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from portal.core.dates import local_days_span
from portal.core.db import db
from portal.core.identity import User
from portal.fidelity.models import FidelityReview
from portal.meetings.models import Meeting, MeetingMode
from portal.placements.models import EmployerContact, Job, JobKind
from portal.reports.services import served_conditions

SAMPLE_SIZE = 10


@dataclass
class SampledRecord:
    participant: User
    first_employer_meeting: date | None  # the first face-to-face employer contact, ever
    jobs_started: int  # in the period
    meetings: int  # face-to-face meetings in the period


def draw(review: FidelityReview) -> list[User]:
    """Up to SAMPLE_SIZE of the participants served in the period, drawn by the review's seed."""
    served = list(
        db.scalars(
            select(User)
            .where(*served_conditions([review.team_id], review.period_end))
            .order_by(User.id)
        )
    )
    # A sample to read, not a secret: the same seed must give the same draw.
    chooser = random.Random(review.sample_seed or str(review.id))  # noqa: S311  # nosec B311
    chosen = chooser.sample(served, min(SAMPLE_SIZE, len(served)))
    return sorted(chosen, key=lambda person: person.name)


def worksheet(review: FidelityReview) -> list[SampledRecord]:
    """The drawn participants, each with what a reviewer checks first in their records."""
    people = draw(review)
    ids = [person.id for person in people]
    start, end = review.period_start, review.period_end
    first, after = local_days_span(start, end)
    first_contacts = dict(
        db.execute(
            select(EmployerContact.client_id, func.min(EmployerContact.contact_on))
            .where(EmployerContact.client_id.in_(ids), EmployerContact.in_person)
            .group_by(EmployerContact.client_id)
        ).all()
    )
    starts = dict(
        db.execute(
            select(Job.client_id, func.count())
            .where(
                Job.client_id.in_(ids),
                Job.kind == JobKind.JOB,
                Job.start_date.between(start, end),
            )
            .group_by(Job.client_id)
        ).all()
    )
    meetings = dict(
        db.execute(
            select(Meeting.client_id, func.count())
            .where(
                Meeting.client_id.in_(ids),
                Meeting.mode == MeetingMode.IN_PERSON,
                Meeting.cancelled_at.is_(None),
                Meeting.starts_at >= first,
                Meeting.starts_at < after,
            )
            .group_by(Meeting.client_id)
        ).all()
    )
    return [
        SampledRecord(
            person,
            first_contacts.get(person.id),
            starts.get(person.id, 0),
            meetings.get(person.id, 0),
        )
        for person in people
    ]
