"""Who changed what in a client's goals, profile and plan, and when: kept for both to read."""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, String, select
from sqlalchemy.orm import Mapped, joinedload, mapped_column, relationship

from portal.core.dates import day, moment
from portal.core.db import Base, UTCDateTime, db, utcnow
from portal.core.identity import User
from portal.core.numbers import MONEY, number_text


class HistoryEntry(Base):
    __tablename__ = "history_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    subject: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[int | None]
    action: Mapped[str] = mapped_column(String(30))
    # {field: [old, new]} for edits; values are kept as text so a later change of type is safe.
    changes: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])


def _text(value) -> str | None:
    if value is None:
        return None
    return str(value.value if hasattr(value, "value") else value)


def new_values(values: dict) -> dict:
    """Return {field: [None, new]} for a newly created thing's filled-in fields."""
    return {field: [None, _text(value)] for field, value in values.items() if value is not None}


def changed_fields(obj, values: dict) -> dict:
    """Apply `values` to `obj` and return {field: [old, new]} for the ones that changed."""
    changes = {}
    for field, new in values.items():
        old = getattr(obj, field)
        if old != new:
            changes[field] = [_text(old), _text(new)]
            setattr(obj, field, new)
    return changes


def record_change(
    actor: User,
    client_id: int,
    subject: str,
    subject_id: int | None,
    action: str,
    changes: dict | None = None,
) -> None:
    db.add(
        HistoryEntry(
            client_id=client_id,
            actor_id=actor.id,
            subject=subject,
            subject_id=subject_id,
            action=action,
            changes=changes or None,
        )
    )


def list_history(
    client_id: int,
    subject: str | tuple[str, ...] | None = None,
    subject_id: int | None = None,
    limit: int = 50,
) -> list[HistoryEntry]:
    """Return the newest history entries first, with their actors loaded in the same query."""
    query = (
        select(HistoryEntry)
        .options(joinedload(HistoryEntry.actor))
        .where(HistoryEntry.client_id == client_id)
        .order_by(HistoryEntry.id.desc())
        .limit(limit)
    )
    if isinstance(subject, tuple):
        query = query.where(HistoryEntry.subject.in_(subject))
    elif subject is not None:
        query = query.where(HistoryEntry.subject == subject)
    if subject_id is not None:
        query = query.where(HistoryEntry.subject_id == subject_id)
    return list(db.scalars(query))


def describe(entry: HistoryEntry) -> list[tuple[str, str | None, str | None]]:
    """Return (field, old, new) rows of an entry, in a stable order, for the templates."""
    return [(field, old, new) for field, (old, new) in sorted((entry.changes or {}).items())]


ACTION_LABELS = {
    "created": _l("Created"),
    "edited": _l("Changed"),
    "moved_up": _l("Moved up"),
    "moved_down": _l("Moved down"),
    "archived": _l("Put away"),
    "restored": _l("Brought back"),
    "progress_added": _l("Progress note added"),
    "comment_added": _l("Comment added"),
    "proposed": _l("Proposed"),
    "status": _l("Status changed"),
    "accepted": _l("Proposal accepted"),
    "declined": _l("Proposal declined"),
    "removed": _l("Removed"),
    "ticked": _l("Ticked off"),
    "unticked": _l("Tick removed"),
    "suggested": _l("Suggestion added"),
    "suggestion_set_aside": _l("Suggestion set aside"),
    "history": _l("Work and education so far saved"),
    "strengths": _l("Skills and strengths saved"),
    "preferences": _l("What I am looking for saved"),
    "supports": _l("Support that helps me saved"),
    "ended": _l("End date recorded"),
    "support_plan": _l("Support plan saved"),
    "summary_confirmed": _l("Summary confirmed"),
    "summary_disputed": _l("Correction written"),
    "cancelled": _l("Cancelled"),
}
FIELD_LABELS = {
    "text": _l("Text"),
    "kind": _l("Kind"),
    "target_date": _l("Target date"),
    "status": _l("Status"),
    "responsible": _l("Responsible"),
    "due_date": _l("Due date"),
    "response": _l("Then we will"),
    "section": _l("Section"),
    "history": _l("Work and education so far"),
    "strengths": _l("Skills and strengths"),
    "preferred_work": _l("Type of work"),
    "hours_per_week": _l("Hours per week"),
    "preferred_place": _l("Where"),
    "what_matters": _l("What matters"),
    "supports": _l("Support that helps"),
    # One change can touch several sections' sharing: each label names its section.
    "history_shared": _l("Work and education so far: shared with the specialist"),
    "strengths_shared": _l("Skills and strengths: shared with the specialist"),
    "preferences_shared": _l("What I am looking for: shared with the specialist"),
    "supports_shared": _l("Support that helps me: shared with the specialist"),
    "employer_id": _l("Employer"),
    "contact_id": _l("Contact person"),
    "title": _l("Title"),
    "school": _l("School or place of education"),
    "start_date": _l("Start date"),
    "enrolled_on": _l("Start in IPS"),
    "end_date": _l("End date"),
    "hourly_wage": _l("Hourly wage"),
    "competitive": _l("Ordinary job"),
    "occupation": _l("Type of work"),
    "support_plan": _l("Support in the job"),
    "schedule": _l("Check-ins"),
    "end_reason": _l("Reason for ending"),
    "starts_at": _l("Time"),
    "duration_minutes": _l("Length in minutes"),
    "mode": _l("How we meet"),
    "place": _l("Where"),
    "summary": _l("What we agreed"),
    "correction": _l("Correction"),
    "summary_answer": _l("The participant's answer"),
}
# Numbers are kept as text ("142.50") and shown as the pages show them (142,50): pattern by field.
NUMBER_FIELDS = {"hours_per_week": None, "hourly_wage": MONEY}
# Labels for stored values (enum values, yes/no), filled in by the features that own them.
VALUE_LABELS = {"True": _l("yes"), "False": _l("no")}
# ... and those whose words depend on the participant's team country, {country: labels}: the
# agency behind a plan step's "job_centre" is the Danish jobcenter or Arbetsförmedlingen.
COUNTRY_VALUE_LABELS: dict[str, dict] = {}


def register_value_labels(labels: dict, field: str | None = None, country=None) -> None:
    """Let history show a feature's stored values (e.g. 'achieved') in the reader's words;
    with `field`, only for that field (where the same value means something else elsewhere);
    with `country`, only for a participant of that country (a reader passes it in)."""
    target = COUNTRY_VALUE_LABELS.setdefault(country, {}) if country else VALUE_LABELS
    for value, label in labels.items():
        key = str(value.value if hasattr(value, "value") else value)
        target[(field, key) if field else key] = label


def stored_number(field: str, value: str) -> str | None:
    """Return a stored number as the pages write it (142,50), or None if it is not one."""
    if field not in NUMBER_FIELDS:
        return None
    try:
        return number_text(Decimal(value), NUMBER_FIELDS[field])
    except InvalidOperation:
        return None


def history_value(field: str, value: str | None, country=None) -> str:
    """Return a stored history value as the reader should see it; `country` is the
    participant's, for the values whose words depend on it."""
    if value is None or value == "":
        return str(_l("(empty)"))
    return stored_value(field, value, day, moment, country)


def stored_value(field: str, value: str, show_day, show_moment, country=None) -> str:
    """A value as the change history keeps it (text: dates in ISO form, enum values), in
    words; dates and times drawn by `show_day` and `show_moment` (a page's or a file's), and
    the words of the participant's `country` where they differ by country."""
    try:
        if field.endswith("_date"):
            return show_day(date.fromisoformat(value))
        if field.endswith("_at"):
            return show_moment(datetime.fromisoformat(value))
    except ValueError:
        return value
    number = stored_number(field, value)
    if number is not None:
        return number
    for labels in (COUNTRY_VALUE_LABELS.get(country, {}), VALUE_LABELS):
        label = labels.get((field, value)) or labels.get(value)
        if label is not None:
            return str(label)
    return value
