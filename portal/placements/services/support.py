"""A job's support plan: what helps in the job and from whom (the specialist, the treatment
team, family, colleagues; the employer only when the participant wants it). The specialist
writes it with the participant, who reads it on the job's page; the fidelity review counts
the jobs that have one (item V11)."""

from portal.core.authz import is_own_client, require
from portal.core.db import db, utcnow
from portal.core.history import changed_fields, record_change
from portal.core.identity import User
from portal.placements.models import Job, JobKind


def may_write_support_plan(actor: User, job: Job) -> bool:
    return job.kind == JobKind.JOB and is_own_client(actor, job.client)


def save_support_plan(actor: User, job: Job, text: str) -> None:
    """Keep the plan's new words (and when), with a line in the job's history."""
    require(may_write_support_plan(actor, job))
    changes = changed_fields(job, {"support_plan": text.strip() or None})
    if changes:
        job.support_plan_at = utcnow()
        record_change(actor, job.client_id, "job", job.id, "support_plan", changes)
        db.flush()
