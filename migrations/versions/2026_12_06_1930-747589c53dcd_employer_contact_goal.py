"""Which of the participant's goals an employer contact follows (fidelity item V5).

Revision ID: 747589c53dcd
Revises: e15d1bee22ba
Create Date: 2026-12-06 19:30:06.957246
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "747589c53dcd"
down_revision: str | None = "e15d1bee22ba"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("employer_contacts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("goal_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_employer_contacts_goal_id"), ["goal_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_employer_contacts_goal_id_goals"),
            "goals",
            ["goal_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("employer_contacts", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_employer_contacts_goal_id_goals"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_employer_contacts_goal_id"))
        batch_op.drop_column("goal_id")
