"""The fidelity items the records show, measured for one team over one period.

Each measure returns the number its item's bands score (portal.fidelity.items), the size of
the group it rests on (participants, jobs or employer contacts) and the counts behind it,
never a name or an id. Participants are counted as in the team's report: those who had
started by the end of the period, restricted records left out (portal.reports.services).
"""

from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, select, union_all

from portal.caseload.models import Handover
from portal.core.dates import local_days_span, team_zone
from portal.core.db import db
from portal.core.identity import Country, Role, Team, User
from portal.core.restriction import not_restricted, of_usable_client
from portal.fidelity.job_measures import (
    follow_along_met,
    participant_decided_disclosure,
    profile_kept_up,
)
from portal.fidelity.referral_measures import no_one_screened_out, referred_by_treatment
from portal.fidelity.scales import Measured
from portal.meetings.models import Meeting
from portal.meetings.outreach import LOOK_BACK, TRIES_BEFORE_CLOSING, tries_by_participant
from portal.placements.models import EmployerContact, Job, JobKind
from portal.placements.services.benefits import benefits_planning_counts
from portal.reports.services import days_to_first, held_in, served_conditions, share_of
from portal.reports.sharing import quarters_shared

# A full-time post's weekly hours, by the team's country (the usual agreement in each).
FULL_TIME_HOURS = {Country.DENMARK: 37, Country.SWEDEN: 40}


def _one_decimal(number) -> Decimal:
    return Decimal(number).quantize(Decimal("0.1"), ROUND_HALF_UP)


def caseload_per_full_time(team: Team, start: date, end: date) -> Measured:
    """S1: the specialists' participants over their working hours in full-time posts."""
    specialists = db.execute(
        select(User.id, User.weekly_hours).where(
            User.role == Role.SPECIALIST, User.team_id == team.id, User.deactivated_at.is_(None)
        )
    ).all()
    full_time = FULL_TIME_HOURS[team.country]
    posts = sum(Decimal(hours or full_time) / full_time for _id, hours in specialists)
    participants = db.scalar(
        select(func.count()).where(
            *served_conditions([team.id], end),
            User.specialist_id.in_([person_id for person_id, _hours in specialists]),
        )
    )
    value = _one_decimal(participants / posts) if posts else None
    numbers = {
        "participants": participants,
        "specialists": len(specialists),
        "full_time_posts": _one_decimal(posts),
    }
    return Measured(value, participants, numbers)


def one_specialist_throughout(team: Team, start: date, end: date) -> Measured:
    """S3: the participants whose contacts, meetings and jobs were all their own specialist's."""
    served = select(User.id).where(*served_conditions([team.id], end))
    first, after = local_days_span(start, end)
    done_by = union_all(
        select(EmployerContact.client_id, EmployerContact.specialist_id).where(
            EmployerContact.client_id.in_(served), EmployerContact.contact_on.between(start, end)
        ),
        select(Meeting.client_id, Meeting.specialist_id).where(
            Meeting.client_id.in_(served),
            Meeting.cancelled_at.is_(None),
            Meeting.starts_at >= first,
            Meeting.starts_at < after,
        ),
        select(Job.client_id, Job.recorded_by_id)
        .join(User, User.id == Job.recorded_by_id)
        .where(
            Job.client_id.in_(served),
            User.role == Role.SPECIALIST,
            Job.start_date.between(start, end),
        ),
    ).subquery()
    own: dict[int, set] = defaultdict(set)
    for client_id, specialist_id in db.execute(
        select(User.id, User.specialist_id).where(User.id.in_(served))
    ):
        own[client_id].add(specialist_id)
    handovers = 0
    for client_id, giver, taker, at in db.execute(
        select(
            Handover.client_id,
            Handover.from_specialist_id,
            Handover.to_specialist_id,
            Handover.created_at,
        ).where(Handover.client_id.in_(served))
    ):
        own[client_id] |= {giver, taker}  # a hand-over passes the whole service on
        handovers += first <= at < after
    helpers: dict[int, set] = defaultdict(set)
    for client_id, specialist_id in db.execute(select(done_by.c[0], done_by.c[1]).distinct()):
        if specialist_id is not None:
            helpers[client_id].add(specialist_id)
    throughout = sum(1 for client_id, who in helpers.items() if who <= own[client_id])
    numbers = {
        "participants": len(helpers),
        "one_specialist": throughout,
        "handovers": handovers,
    }
    return Measured(share_of(throughout, len(helpers)), len(helpers), numbers)


def benefits_planning(team: Team, start: date, end: date) -> Measured:
    """V1: of the job starts and changes of hours, the share whose questions were gone through."""
    planning = benefits_planning_counts([team.id], start, end)
    numbers = {"starts_and_changes": planning.opened, "gone_through": planning.gone_through}
    return Measured(share_of(planning.gone_through, planning.opened), planning.opened, numbers)


def days_to_first_employer_meeting(team: Team, start: date, end: date) -> Measured:
    """V4: the average days from the start in IPS to the first face-to-face employer contact."""
    served = [*served_conditions([team.id], end), EmployerContact.in_person]
    days = days_to_first(EmployerContact.contact_on, EmployerContact.client_id, served, start, end)
    value = _one_decimal(Decimal(sum(days)) / len(days)) if days else None
    return Measured(value, len(days), {"participants": len(days)})


def employer_meetings_per_week(team: Team, start: date, end: date) -> Measured:
    """V6: face-to-face employer contacts per specialist and week, over the team's specialists."""
    specialists = select(User.id).where(User.role == Role.SPECIALIST, User.team_id == team.id)
    count = db.scalar(select(func.count()).select_from(specialists.subquery()))
    meetings = db.scalar(
        select(func.count()).where(
            EmployerContact.specialist_id.in_(specialists),
            EmployerContact.in_person,
            EmployerContact.contact_on.between(start, end),
            of_usable_client(EmployerContact.client_id),
        )
    )
    weeks = Decimal((end - start).days + 1) / 7
    value = _one_decimal(meetings / weeks / count) if count else None
    numbers = {"face_to_face_contacts": meetings, "specialists": count}
    return Measured(value, meetings, numbers)


def contacts_follow_wishes(team: Team, start: date, end: date) -> Measured:
    """V5: of the employer contacts on behalf of the team's participants in the period, the
    share that follows one of the participant's own goals."""
    served = select(User.id).where(*served_conditions([team.id], end))
    contacts, following = db.execute(
        select(func.count(), func.count(EmployerContact.goal_id)).where(
            EmployerContact.client_id.in_(served),
            EmployerContact.contact_on.between(start, end),
        )
    ).one()
    numbers = {"contacts_for_participants": contacts, "following_a_wish": following}
    return Measured(share_of(following, contacts), contacts, numbers)


def outreach_before_closing(team: Team, start: date, end: date) -> Measured:
    """V14: of the participants whose accounts were switched off in the period, the share
    with at least three tries to get back in touch in the 60 days before."""
    first, after = local_days_span(start, end)
    closed = db.execute(
        select(User.id, User.deactivated_at).where(
            User.role == Role.CLIENT,
            User.team_id == team.id,
            not_restricted(),
            User.deactivated_at >= first,
            User.deactivated_at < after,
        )
    ).all()
    zone = team_zone()
    switched_off = {person_id: at.astimezone(zone).date() for person_id, at in closed}
    tries = tries_by_participant(list(switched_off))  # one query, not one per person
    tried = sum(
        1
        for person_id, day in switched_off.items()
        if sum(day - LOOK_BACK <= on <= day for on in tries[person_id]) >= TRIES_BEFORE_CLOSING
    )
    numbers = {"accounts_switched_off": len(closed), "after_three_tries": tried}
    return Measured(share_of(tried, len(closed)), len(closed), numbers)


def _jobs_held(team: Team, start: date, end: date):
    served = select(User.id).where(*served_conditions([team.id], end))
    return [Job.client_id.in_(served), Job.kind == JobKind.JOB, held_in(start, end)]


def different_employers(team: Team, start: date, end: date) -> Measured:
    """V9: of the jobs held in the period, the share with an employer of their own."""
    jobs, employers = db.execute(
        select(func.count(), func.count(Job.employer_id.distinct())).where(
            *_jobs_held(team, start, end), Job.employer_id.is_not(None)
        )
    ).one()
    numbers = {"jobs": jobs, "employers": employers}
    return Measured(share_of(employers, jobs), jobs, numbers)


def different_job_types(team: Team, start: date, end: date) -> Measured:
    """V8: of the jobs held in the period with a type of work, the share of different types
    (the number of types over the number of jobs)."""
    jobs, types = db.execute(
        select(func.count(), func.count(Job.occupation.distinct())).where(
            *_jobs_held(team, start, end), Job.occupation.is_not(None)
        )
    ).one()
    numbers = {"jobs_with_a_type": jobs, "types_of_work": types}
    return Measured(share_of(types, jobs), jobs, numbers)


def jobs_with_support_plan(team: Team, start: date, end: date) -> Measured:
    """V11: of the jobs held in the period, the share with a support plan written."""
    jobs, planned = db.execute(
        select(func.count(), func.count(Job.support_plan)).where(*_jobs_held(team, start, end))
    ).one()
    numbers = {"jobs": jobs, "with_a_support_plan": planned}
    return Measured(share_of(planned, jobs), jobs, numbers)


def ordinary_jobs(team: Team, start: date, end: date) -> Measured:
    """V10: of the jobs held in the period, the share that are ordinary, competitive jobs."""
    jobs, ordinary = db.execute(
        select(func.count(), func.count().filter(Job.competitive)).where(
            *_jobs_held(team, start, end)
        )
    ).one()
    return Measured(share_of(ordinary, jobs), jobs, {"jobs": jobs, "ordinary": ordinary})


def figures_shared_each_quarter(team: Team, start: date, end: date) -> Measured:
    """O7, one of its signs: the quarters of the period whose figures were shared with the
    team (portal.reports.sharing). Counts quarters, never people: no hiding needed."""
    quarters, shared = quarters_shared(team.id, start, end)
    return Measured(None, quarters, {"quarters": quarters, "quarters_shared": shared})


# Part of an item the reviewer scores (Item.evidence), shown beside the reviewer's form.
EVIDENCE = {"figures_shared_each_quarter": figures_shared_each_quarter}

MEASURES = {
    function.__name__: function
    for function in (
        caseload_per_full_time,
        one_specialist_throughout,
        referred_by_treatment,
        no_one_screened_out,
        benefits_planning,
        days_to_first_employer_meeting,
        employer_meetings_per_week,
        contacts_follow_wishes,
        different_employers,
        different_job_types,
        ordinary_jobs,
        jobs_with_support_plan,
        outreach_before_closing,
        participant_decided_disclosure,
        profile_kept_up,
        follow_along_met,
    )
}

__all__ = ["EVIDENCE", "MEASURES", "Measured", "not_restricted"]
