"""The IPS plan, written by two voices: the client adds steps, the specialist proposes them."""

from dataclasses import asdict, dataclass
from datetime import date

from sqlalchemy import case, select

from portal.core.authz import (
    is_own_client,
    load_client_record,
    may_view_client,
    may_write_own_words,
    require,
)
from portal.core.countries import country_of
from portal.core.db import db, utcnow
from portal.core.history import changed_fields, new_values, record_change
from portal.core.identity import Country, User
from portal.core.versioning import check_version
from portal.plans.models import ItemKind, PlanItem, PlanStep, Responsible, StepState, StepStatus


@dataclass
class StepData:
    text: str
    responsible: Responsible
    due_date: date | None


# The agencies a step can belong to are those of the participant's team's country: a Danish
# and a Swedish team may share one installation, and a Danish participant has no
# Försäkringskassan. "job_centre" is the Danish jobcenter or Arbetsförmedlingen.
AGENCIES = {
    Country.DENMARK: (Responsible.JOB_CENTRE, Responsible.UNEMPLOYMENT_FUND),
    Country.SWEDEN: (
        Responsible.JOB_CENTRE,
        Responsible.FORSAKRINGSKASSAN,
        Responsible.UNEMPLOYMENT_FUND,
    ),
}


def responsible_choices(client: User, current: Responsible | None = None) -> list[Responsible]:
    """Who a step of `client` may belong to, in the order the form offers them. A step's
    `current` owner stays a choice when it is edited, even an agency of the other country
    (saved before the team's country was heeded): nothing saved is lost."""
    people = [Responsible.ME, Responsible.SPECIALIST, Responsible.TREATMENT_TEAM]
    choices = [*people, *AGENCIES[country_of(client)], Responsible.OTHER]
    if current is not None and current not in choices:
        choices.insert(-1, current)
    return choices


def list_steps(client_id: int) -> list[PlanStep]:
    """Return every step: open ones by due date (undated last), then done, dropped, declined."""
    status_order = case(
        (PlanStep.status == StepStatus.TODO, 0), (PlanStep.status == StepStatus.DONE, 1), else_=2
    )
    return list(
        db.scalars(
            select(PlanStep)
            .where(PlanStep.client_id == client_id)
            .order_by(status_order, PlanStep.due_date.is_(None), PlanStep.due_date, PlanStep.id)
        )
    )


def next_steps(client_id: int, limit: int = 3) -> list[PlanStep]:
    """Return the next agreed, open steps by due date, for the client's home page."""
    return list(
        db.scalars(
            select(PlanStep)
            .where(
                PlanStep.client_id == client_id,
                PlanStep.state == StepState.AGREED,
                PlanStep.status == StepStatus.TODO,
            )
            .order_by(PlanStep.due_date.is_(None), PlanStep.due_date, PlanStep.id)
            .limit(limit)
        )
    )


def add_step(actor: User, client: User, data: StepData, shared_with: bool = False) -> PlanStep:
    """The client's step is agreed at once; the specialist's is a proposal to the client, as
    is a treatment or agency contact's (`shared_with`: the caller has found that the client
    shares her plan with `actor` now, portal.partners.proposals)."""
    require(shared_with or may_view_client(actor, client))
    require(data.responsible in responsible_choices(client))
    own = may_write_own_words(actor, client)
    step = PlanStep(
        client_id=client.id,
        status=StepStatus.TODO,
        state=StepState.AGREED if own else StepState.PROPOSED,
        proposed_by_id=None if own else actor.id,
        **asdict(data),
    )
    db.add(step)
    db.flush()
    action = "created" if own else "proposed"
    record_change(actor, client.id, "step", step.id, action, new_values(asdict(data)))
    return step


def may_edit_step(user: User, step: PlanStep, client: User) -> bool:
    """The client edits any step; a specialist only their own open proposals."""
    if may_write_own_words(user, client):
        return step.state != StepState.DECLINED
    return (
        is_own_client(user, client)
        and step.state == StepState.PROPOSED
        and step.proposed_by_id == user.id
    )


def update_step(actor: User, step: PlanStep, client: User, data: StepData, version) -> dict:
    require(may_edit_step(actor, step, client))
    require(data.responsible in responsible_choices(client, step.responsible))
    check_version(step, version)
    changes = changed_fields(step, asdict(data))
    if changes:
        record_change(actor, client.id, "step", step.id, "edited", changes)
    return changes


def set_step_status(actor: User, step: PlanStep, client: User, status: StepStatus) -> None:
    """Tick a step done, open it again, or drop it; either author of the plan may."""
    require(may_view_client(actor, client) and step.state == StepState.AGREED)
    changes = changed_fields(step, {"status": status})
    if changes:
        record_change(actor, client.id, "step", step.id, "status", changes)


def answer_proposal(
    actor: User,
    step: PlanStep,
    client: User,
    accept: bool,
    data: StepData | None = None,
    version=None,
) -> None:
    """The client accepts a proposal (perhaps edited first) or declines it."""
    require(may_write_own_words(actor, client) and step.state == StepState.PROPOSED)
    require(data is None or data.responsible in responsible_choices(client, step.responsible))
    check_version(step, version)
    changes = changed_fields(step, asdict(data)) if accept and data else {}
    step.state = StepState.AGREED if accept else StepState.DECLINED
    record_change(actor, client.id, "step", step.id, "accepted" if accept else "declined", changes)


def list_items(client_id: int) -> dict[ItemKind, list[PlanItem]]:
    items = db.scalars(
        select(PlanItem)
        .where(PlanItem.client_id == client_id, PlanItem.removed_at.is_(None))
        .order_by(PlanItem.id)
    )
    grouped = {kind: [] for kind in ItemKind}
    for item in items:
        grouped[item.kind].append(item)
    return grouped


def add_item(actor: User, client: User, kind: ItemKind, text: str, response: str | None):
    """Add an accommodation, an agreed response to an obstacle, or a benefits question."""
    require(may_view_client(actor, client))
    item = PlanItem(
        client_id=client.id,
        kind=kind,
        text=text,
        author_id=actor.id,
        response=response if kind == ItemKind.OBSTACLE else None,
    )
    db.add(item)
    db.flush()
    record_change(
        actor,
        client.id,
        kind.value,
        item.id,
        "created",
        new_values({"text": text, "response": item.response}),
    )
    return item


def remove_item(actor: User, item: PlanItem, client: User) -> None:
    """The client may remove any item; a specialist only what they wrote."""
    require(may_write_own_words(actor, client) or item.author_id == actor.id)
    if item.removed_at is None:
        item.removed_at = utcnow()
        record_change(actor, client.id, item.kind.value, item.id, "removed")


def tick_benefit_question(actor: User, item: PlanItem, client: User) -> None:
    """Tick (or untick) this person's side of a benefits question; both sides clear it."""
    require(item.kind == ItemKind.BENEFIT and may_view_client(actor, client))
    field = "client_cleared_at" if may_write_own_words(actor, client) else "specialist_cleared_at"
    ticked = getattr(item, field) is None
    setattr(item, field, utcnow() if ticked else None)
    record_change(actor, client.id, "benefit", item.id, "ticked" if ticked else "unticked")


def load_step(step_id: int) -> tuple[PlanStep, User]:
    """Return a step and its client when the current user may see them, or answer 404."""
    return load_client_record(PlanStep, step_id)


def load_plan_item(item_id: int) -> tuple[PlanItem, User]:
    """Return a plan item that is not removed, and its client, or answer 404."""
    return load_client_record(PlanItem, item_id, lambda item: item.removed_at is None)
