"""A check-in's answer can be one the employer gave by phone, recorded by the specialist.

Revision ID: 8d1f4b6a2c57
Revises: 5a8c2e7f9b31
Create Date: 2026-12-06 09:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "8d1f4b6a2c57"
down_revision: str | None = "5a8c2e7f9b31"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("checkins") as batch_op:
        batch_op.add_column(
            sa.Column("by_phone", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("checkins") as batch_op:
        batch_op.drop_column("by_phone")
