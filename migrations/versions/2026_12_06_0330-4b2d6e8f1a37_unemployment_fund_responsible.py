"""A plan step can be the unemployment insurance fund's (a-kasse, a-kassa): an agency in both
countries, offered as responsible beside the job centre and Försäkringskassan.

Revision ID: 4b2d6e8f1a37
Revises: 3e1f0d417e94
Create Date: 2026-12-06 03:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "4b2d6e8f1a37"
down_revision: str | None = "3e1f0d417e94"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BEFORE = ("me", "specialist", "treatment_team", "job_centre", "forsakringskassan", "other")
AFTER = (*BEFORE, "unemployment_fund")


def _allow(values: tuple[str, ...]) -> None:
    listed = ", ".join(f"'{value}'" for value in values)
    with op.batch_alter_table("plan_steps") as batch_op:
        batch_op.drop_constraint(op.f("ck_plan_steps_step_responsible"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_plan_steps_step_responsible"), f"responsible IN ({listed})"
        )


def upgrade() -> None:
    _allow(AFTER)


def downgrade() -> None:
    op.execute(
        "UPDATE plan_steps SET responsible = 'other' WHERE responsible = 'unemployment_fund'"
    )
    _allow(BEFORE)
