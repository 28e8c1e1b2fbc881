"""The seed that draws a fidelity review's worksheet of records to sample.

Revision ID: e15d1bee22ba
Revises: ff3692b95ab2
Create Date: 2026-12-06 19:28:07.368791
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "e15d1bee22ba"
down_revision: str | None = "ff3692b95ab2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("fidelity_reviews", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sample_seed", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("fidelity_reviews", schema=None) as batch_op:
        batch_op.drop_column("sample_seed")
