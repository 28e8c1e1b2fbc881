"""Fidelity reviews: started by a team lead for a team and a whole period, scored from the
records and by the reviewer, and finished, after which nothing in them changes.

While a review is open, the items the records show are measured anew at each view (records
of the period may still come in); finishing stores their scores and counts. An item resting
on too few participants or jobs (portal.fidelity.scales.too_few) gets no score from the
records: the reviewer scores it, with a note, as they do the items no record shows.
"""

import secrets
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select

from portal.core.authz import led_team_ids, load_or_deny
from portal.core.db import db, utcnow
from portal.core.forms import FieldError
from portal.core.identity import Team, User
from portal.fidelity.items import BY_KEY, ITEMS, Item
from portal.fidelity.measures import EVIDENCE, MEASURES, Measured
from portal.fidelity.models import FidelityAction, FidelityItemScore, FidelityReview
from portal.fidelity.scales import level_of, too_few
from portal.reports.periods import HALF, YEAR, Period, parse

REVIEW_PERIODS = (HALF, YEAR)  # reviews come twice a year, then yearly
LOWEST_SHOWN = 5  # the action plan's suggestions: this many of the lowest scores


class ReviewError(FieldError):
    """A review cannot be started or changed this way; the message says why."""


@dataclass
class ItemResult:
    """One item of a review as the page and the file show it."""

    item: Item
    score: int | None
    from_records: bool  # scored by its measure, not by the reviewer
    too_few: bool = False
    value: Decimal | None = None
    numbers: dict | None = None
    note: str | None = None
    change: int | None = None  # since the team's previous finished review

    @property
    def needs_reviewer(self) -> bool:
        return not self.from_records


def may_review(user: User, review: FidelityReview) -> bool:
    return review.team_id in led_team_ids(user)


def load_review(review_id: int, user: User) -> FidelityReview:
    """The review when `user` leads its team, else 404."""
    return load_or_deny(FidelityReview, review_id, lambda review: may_review(user, review))


def team_reviews(user: User) -> list[FidelityReview]:
    """The reviews of the teams `user` leads, the newest period first."""
    return list(
        db.scalars(
            select(FidelityReview)
            .where(FidelityReview.team_id.in_(led_team_ids(user)))
            .order_by(FidelityReview.period_start.desc(), FidelityReview.id.desc())
        )
    )


def start_review(user: User, team: Team, period: Period, today: date) -> FidelityReview:
    """A new open review of `team` for `period`, which must have begun and must not overlap
    another of the team's reviews (two overlapping ones could be subtracted)."""
    if team.id not in led_team_ids(user):
        raise ReviewError(_("Choose one of the teams you lead."), "team")
    if period.kind not in REVIEW_PERIODS or period.start > today:
        raise ReviewError(_("Choose a half-year or a year that has begun."), "period")
    overlapping = db.scalar(
        select(FidelityReview.period).where(
            FidelityReview.team_id == team.id,
            FidelityReview.period_start <= period.end,
            FidelityReview.period_end >= period.start,
        )
    )
    if overlapping:
        raise ReviewError(
            # Named as the form's list names periods, not by its code.
            _(
                "The team already has a review that covers part of this period (%(period)s).",
                period=parse(overlapping).label(),
            ),
            "period",
        )
    review = FidelityReview(
        team_id=team.id,
        period=period.code,
        period_start=period.start,
        period_end=period.end,
        created_by_id=user.id,
        sample_seed=secrets.token_hex(16),
    )
    db.add(review)
    db.flush()
    return review


def _refuse_if_finished(review: FidelityReview) -> None:
    if review.finished_at is not None:
        raise ReviewError(_("This review is finished: nothing in it can be changed."), None)


def _stored(review: FidelityReview) -> dict[str, FidelityItemScore]:
    return {row.item: row for row in review.items}


def _measure(review: FidelityReview, item: Item) -> Measured:
    return MEASURES[item.measure](review.team, review.period_start, review.period_end)


def _evidence(review: FidelityReview, item: Item) -> dict:
    return EVIDENCE[item.evidence](review.team, review.period_start, review.period_end).numbers


def review_items(review: FidelityReview) -> list[ItemResult]:
    """Every item of the review, in the scale's order: stored once it is finished, measured
    now while it is open, with the change since the team's previous finished review."""
    stored = _stored(review)
    results = []
    for item in ITEMS:
        row = stored.get(item.key)
        if review.finished_at is not None or not item.measure:
            result = _from_row(item, row)
            if review.finished_at is None and item.evidence:
                result.numbers = _evidence(review, item)
            results.append(result)
            continue
        measured = _measure(review, item)
        if too_few(measured.n):
            # The reviewer's score stands in; the counts stay hidden, as they would tell.
            result = _from_row(item, row)
            result.too_few = True
            results.append(result)
            continue
        results.append(
            ItemResult(
                item,
                item.bands.score(measured.value) if measured.value is not None else None,
                from_records=True,
                value=measured.value,
                numbers=measured.numbers,
            )
        )
    _add_changes(review, results)
    return results


def _from_row(item: Item, row: FidelityItemScore | None) -> ItemResult:
    if row is None:
        return ItemResult(item, None, from_records=False)
    kept = {key: Decimal(v) if isinstance(v, str) else v for key, v in (row.numbers or {}).items()}
    value = kept.pop("value", None)
    numbers = kept or None
    return ItemResult(
        item,
        row.score,
        from_records=row.note is None and row.score is not None,
        too_few=row.too_few,
        value=value,
        numbers=numbers,
        note=row.note,
    )


def previous_review(review: FidelityReview) -> FidelityReview | None:
    """The team's latest finished review of an earlier period."""
    return db.scalar(
        select(FidelityReview)
        .where(
            FidelityReview.team_id == review.team_id,
            FidelityReview.finished_at.is_not(None),
            FidelityReview.period_end < review.period_start,
        )
        .order_by(FidelityReview.period_end.desc())
        .limit(1)
    )


def _add_changes(review: FidelityReview, results: list[ItemResult]) -> None:
    before = previous_review(review)
    if before is None:
        return
    earlier = _stored(before)
    for result in results:
        row = earlier.get(result.item.key)
        if result.score is not None and row is not None and row.score is not None:
            result.change = result.score - row.score


def total_of(results: list[ItemResult]) -> int | None:
    """The sum of the 25 scores, once every item has one."""
    scores = [result.score for result in results]
    return None if None in scores else sum(scores)


def score_item(user: User, review: FidelityReview, key: str, score: int, note: str) -> None:
    """The reviewer's score and note for an item no record shows (or one with too few)."""
    _refuse_if_finished(review)
    item = BY_KEY.get(key)
    if item is None:
        raise ReviewError(_("There is no such item."), None)
    if item.measure and not too_few(_measure(review, item).n):
        raise ReviewError(_("This item is scored from the records."), None)
    if not 1 <= score <= 5:
        raise ReviewError(_("Choose a score from 1 to 5."), "score")
    if not note.strip():
        raise ReviewError(_("Write what the score rests on."), "note")
    row = _stored(review).get(key) or FidelityItemScore(review=review, item=key)
    row.score, row.note = score, note.strip()
    row.too_few = bool(item.measure)
    row.entered_by_id, row.entered_at = user.id, utcnow()
    db.add(row)
    db.flush()


def add_action(user: User, review: FidelityReview, key: str, text: str, due_on) -> None:
    """A step of the action plan for one item."""
    _refuse_if_finished(review)
    if key not in BY_KEY:
        raise ReviewError(_("Choose an item."), "item")
    if not text.strip():
        raise ReviewError(_("Write what the team will do."), "text")
    db.add(
        FidelityAction(
            review=review, item=key, text=text.strip(), due_on=due_on, created_by_id=user.id
        )
    )
    db.flush()


def finish_review(user: User, review: FidelityReview) -> None:
    """Keep the review as it is now: the measured items' scores and counts are stored, and
    nothing in it changes again. Every item needs a score first."""
    _refuse_if_finished(review)
    results = review_items(review)
    missing = [result.item.key for result in results if result.score is None]
    if missing:
        raise ReviewError(
            _(
                "Score every item first. Still without a score: %(items)s.",
                items=", ".join(missing),
            ),
            None,
        )
    stored = _stored(review)
    for result in results:
        if result.item.evidence:  # what the records showed the reviewer stays with the score
            stored[result.item.key].numbers = result.numbers
        if result.from_records:
            # JSON holds no Decimal: a number with decimals is kept as its text.
            counts = {**(result.numbers or {}), "value": result.value}
            numbers = {k: str(v) if isinstance(v, Decimal) else v for k, v in counts.items()}
            db.add(
                FidelityItemScore(
                    review=review, item=result.item.key, score=result.score, numbers=numbers
                )
            )
    review.total = total_of(results)
    review.finished_at, review.finished_by_id = utcnow(), user.id
    db.flush()


def lowest_items(results: list[ItemResult]) -> list[ItemResult]:
    """The items with the lowest scores, where the action plan starts."""
    scored = sorted((r for r in results if r.score is not None), key=lambda r: r.score)
    return [result for result in scored[:LOWEST_SHOWN] if result.score < 5]


def review_level(review: FidelityReview, results: list[ItemResult]) -> tuple[str, str] | None:
    total = review.total if review.finished_at else total_of(results)
    return None if total is None else level_of(total)
