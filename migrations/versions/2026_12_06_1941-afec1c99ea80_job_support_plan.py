"""A job's support plan, written with the participant (fidelity item V11).

Revision ID: afec1c99ea80
Revises: 38f4579ed51f
Create Date: 2026-12-06 19:41:38.375651
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portal.core.db

revision: str = "afec1c99ea80"
down_revision: str | None = "38f4579ed51f"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("support_plan", sa.Text(), nullable=True))
        batch_op.add_column(
            sa.Column("support_plan_at", portal.core.db.UTCDateTime(), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_column("support_plan_at")
        batch_op.drop_column("support_plan")
