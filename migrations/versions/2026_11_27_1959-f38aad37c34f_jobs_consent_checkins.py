"""Create jobs, employer consent with its history, check-ins, struggling signals; add phones.

Revision ID: f38aad37c34f
Revises: 3283e68a2b45
Create Date: 2026-11-27 19:59:45.110500
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portal.core.db

revision: str = "f38aad37c34f"
down_revision: str | None = "3283e68a2b45"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "employer_consents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("employer_id", sa.Integer(), nullable=False),
        sa.Column("may_contact", sa.Boolean(), nullable=False),
        sa.Column("share_name", sa.Boolean(), nullable=False),
        sa.Column(
            "disclosure",
            sa.Enum(
                "yes",
                "no",
                "agreed",
                name="disclosure",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=True,
        ),
        sa.Column("disclosure_note", sa.Text(), nullable=True),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", portal.core.db.UTCDateTime(), nullable=False),
        sa.Column("updated_at", portal.core.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["users.id"],
            name=op.f("fk_employer_consents_client_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["employer_id"],
            ["employer_organisations.id"],
            name=op.f("fk_employer_consents_employer_id_employer_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["users.id"],
            name=op.f("fk_employer_consents_requested_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employer_consents")),
        sa.UniqueConstraint(
            "client_id", "employer_id", name=op.f("uq_employer_consents_client_id")
        ),
    )
    op.create_index(
        op.f("ix_employer_consents_client_id"), "employer_consents", ["client_id"], unique=False
    )
    op.create_index(
        op.f("ix_employer_consents_employer_id"), "employer_consents", ["employer_id"], unique=False
    )

    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "job",
                "education",
                name="job_kind",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("employer_id", sa.Integer(), nullable=True),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("school", sa.String(length=200), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("hours_per_week", sa.Numeric(precision=4, scale=1), nullable=True),
        sa.Column("hourly_wage", sa.Numeric(precision=8, scale=2), nullable=True),
        sa.Column("competitive", sa.Boolean(), nullable=False),
        sa.Column(
            "schedule",
            sa.Enum(
                "standard",
                "weekly",
                "fortnightly",
                "monthly",
                "none",
                name="checkin_schedule",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column(
            "end_reason",
            sa.Enum(
                "resigned",
                "dismissed",
                "contract_ended",
                "better_job",
                "education",
                "health",
                "completed",
                "other",
                name="job_end_reason",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=True,
        ),
        sa.Column("client_sees_answers", sa.Boolean(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", portal.core.db.UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"], ["users.id"], name=op.f("fk_jobs_client_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["users.id"], name=op.f("fk_jobs_contact_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["employer_id"],
            ["employer_organisations.id"],
            name=op.f("fk_jobs_employer_id_employer_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["users.id"],
            name=op.f("fk_jobs_recorded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
    )
    op.create_index(op.f("ix_jobs_client_id"), "jobs", ["client_id"], unique=False)
    op.create_index(op.f("ix_jobs_contact_id"), "jobs", ["contact_id"], unique=False)
    op.create_index(op.f("ix_jobs_employer_id"), "jobs", ["employer_id"], unique=False)

    op.create_table(
        "checkins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("sent_at", portal.core.db.UTCDateTime(), nullable=False),
        sa.Column("expires_at", portal.core.db.UTCDateTime(), nullable=False),
        sa.Column("answered_at", portal.core.db.UTCDateTime(), nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("still_working", sa.Boolean(), nullable=True),
        sa.Column("hours", sa.Numeric(precision=4, scale=1), nullable=True),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("wants_call", sa.Boolean(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("call_handled_at", portal.core.db.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["answered_by_id"],
            ["users.id"],
            name=op.f("fk_checkins_answered_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["users.id"],
            name=op.f("fk_checkins_contact_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_checkins_job_id_jobs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkins")),
        sa.UniqueConstraint("job_id", "due_date", name=op.f("uq_checkins_job_id")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_checkins_token_hash")),
    )
    op.create_index(op.f("ix_checkins_job_id"), "checkins", ["job_id"], unique=False)

    op.create_table(
        "consent_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consent_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column(
            "category",
            sa.Enum(
                "contact",
                "name",
                "disclosure",
                name="consent_category",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("value", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("wording", sa.Text(), nullable=False),
        sa.Column("wording_version", sa.String(length=20), nullable=False),
        sa.Column("locale", sa.String(length=8), nullable=False),
        sa.Column("created_at", portal.core.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
            name=op.f("fk_consent_events_actor_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["users.id"],
            name=op.f("fk_consent_events_client_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["consent_id"],
            ["employer_consents.id"],
            name=op.f("fk_consent_events_consent_id_employer_consents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent_events")),
    )
    op.create_index(
        op.f("ix_consent_events_client_id"), "consent_events", ["client_id"], unique=False
    )
    op.create_index(
        op.f("ix_consent_events_consent_id"), "consent_events", ["consent_id"], unique=False
    )

    op.create_table(
        "struggling_signals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", portal.core.db.UTCDateTime(), nullable=False),
        sa.Column("handled_at", portal.core.db.UTCDateTime(), nullable=True),
        sa.Column("handled_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["users.id"],
            name=op.f("fk_struggling_signals_client_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["handled_by_id"],
            ["users.id"],
            name=op.f("fk_struggling_signals_handled_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["jobs.id"],
            name=op.f("fk_struggling_signals_job_id_jobs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_struggling_signals")),
    )
    op.create_index(
        op.f("ix_struggling_signals_client_id"), "struggling_signals", ["client_id"], unique=False
    )
    op.create_index(
        op.f("ix_struggling_signals_job_id"), "struggling_signals", ["job_id"], unique=False
    )

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("phone", sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("phone")

    op.drop_index(op.f("ix_struggling_signals_job_id"), table_name="struggling_signals")
    op.drop_index(op.f("ix_struggling_signals_client_id"), table_name="struggling_signals")

    op.drop_table("struggling_signals")
    op.drop_index(op.f("ix_consent_events_consent_id"), table_name="consent_events")
    op.drop_index(op.f("ix_consent_events_client_id"), table_name="consent_events")

    op.drop_table("consent_events")
    op.drop_index(op.f("ix_checkins_job_id"), table_name="checkins")

    op.drop_table("checkins")
    op.drop_index(op.f("ix_jobs_employer_id"), table_name="jobs")
    op.drop_index(op.f("ix_jobs_contact_id"), table_name="jobs")
    op.drop_index(op.f("ix_jobs_client_id"), table_name="jobs")

    op.drop_table("jobs")
    op.drop_index(op.f("ix_employer_consents_employer_id"), table_name="employer_consents")
    op.drop_index(op.f("ix_employer_consents_client_id"), table_name="employer_consents")

    op.drop_table("employer_consents")
