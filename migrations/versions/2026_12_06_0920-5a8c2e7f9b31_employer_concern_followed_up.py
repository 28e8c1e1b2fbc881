"""An employer's check-in that says the job has ended, or rates it 1 or 2 of 5, waits on the
specialist's home page until they confirm the end or mark it followed up.

Revision ID: 5a8c2e7f9b31
Revises: 6075d7fbb4da
Create Date: 2026-12-06 09:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portal.core.db

revision: str = "5a8c2e7f9b31"
down_revision: str | None = "6075d7fbb4da"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("checkins") as batch_op:
        batch_op.add_column(
            sa.Column("concern_followed_up_at", portal.core.db.UTCDateTime(), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("checkins") as batch_op:
        batch_op.drop_column("concern_followed_up_at")
