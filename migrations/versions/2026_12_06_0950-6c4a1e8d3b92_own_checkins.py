"""The participant's own check-in: "How is work going?" on the job's check-in days, one answer
per day, never shown to the employer.

Revision ID: 6c4a1e8d3b92
Revises: 2e6b9d3f7a18
Create Date: 2026-12-06 09:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portal.core.db

revision: str = "6c4a1e8d3b92"
down_revision: str | None = "2e6b9d3f7a18"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "own_checkins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column(
            "feeling",
            sa.Enum(
                "good",
                "mixed",
                "hard",
                name="feeling",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("answered_at", portal.core.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["users.id"],
            name=op.f("fk_own_checkins_client_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_own_checkins_job_id_jobs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_own_checkins")),
        sa.UniqueConstraint("job_id", "due_date", name=op.f("uq_own_checkins_job_id")),
    )
    op.create_index(op.f("ix_own_checkins_client_id"), "own_checkins", ["client_id"])
    op.create_index(op.f("ix_own_checkins_job_id"), "own_checkins", ["job_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_own_checkins_job_id"), table_name="own_checkins")
    op.drop_index(op.f("ix_own_checkins_client_id"), table_name="own_checkins")
    op.drop_table("own_checkins")
