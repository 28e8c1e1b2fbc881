"""A job's type of work: an ISCO-08 sub-major group (fidelity item V8).

Revision ID: 38f4579ed51f
Revises: 747589c53dcd
Create Date: 2026-12-06 19:36:29.277412
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "38f4579ed51f"
down_revision: str | None = "747589c53dcd"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("occupation", sa.String(length=2), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_column("occupation")
