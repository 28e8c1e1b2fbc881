"""The fidelity items the team's referrals show: where its participants come from (O1) and
whether anyone was screened out (O6). Counts only, never a person."""

from collections import defaultdict
from datetime import date

from sqlalchemy import func, or_, select

from portal.core.dates import local_days_span
from portal.core.db import db
from portal.core.identity import Team
from portal.fidelity.scales import Measured
from portal.intake.models import ClosingReason, Referral, ReferralSource
from portal.meetings.outreach import TRIES_BEFORE_CLOSING
from portal.reports.services import share_of

# Endings of a referral that screen nobody out: the person's own choice or circumstances.
OWN_REASONS = (
    ClosingReason.WITHDRAWN,
    ClosingReason.ALREADY_PARTICIPANT,
    ClosingReason.OUTSIDE_AREA,
)


def referred_by_treatment(team: Team, start: date, end: date) -> Measured:
    """O1: of the referrals accepted in the period, the share a treatment contact made."""
    first, after = local_days_span(start, end)
    accepted, by_treatment = db.execute(
        select(func.count(), func.count().filter(Referral.source == ReferralSource.CLINIC)).where(
            Referral.team_id == team.id, Referral.accepted_at >= first, Referral.accepted_at < after
        )
    ).one()
    numbers = {"accepted": accepted, "by_treatment": by_treatment}
    return Measured(share_of(by_treatment, accepted), accepted, numbers)


def no_one_screened_out(team: Team, start: date, end: date) -> Measured:
    """O6: of the referrals that ended in the period, those that screened nobody out."""
    first, after = local_days_span(start, end)
    ended = select(Referral.accepted_at, Referral.closing_reason, Referral.tries).where(
        Referral.team_id == team.id,
        or_(
            (Referral.accepted_at >= first) & (Referral.accepted_at < after),
            (Referral.closed_at >= first) & (Referral.closed_at < after),
        ),
    )
    counts = defaultdict(int)
    for accepted_at, reason, tries in db.execute(ended):
        if accepted_at is not None:
            counts["started"] += 1
        elif reason in OWN_REASONS:
            counts["own_reason"] += 1
        elif reason == ClosingReason.NOT_REACHED and tries >= TRIES_BEFORE_CLOSING:
            counts["not_reached_after_tries"] += 1
        else:
            counts["closed_too_soon"] += 1
    total = sum(counts.values())
    fair = total - counts["closed_too_soon"]
    numbers = {"ended": total, **{key: counts[key] for key in sorted(counts)}}
    return Measured(share_of(fair, total), total, numbers)
