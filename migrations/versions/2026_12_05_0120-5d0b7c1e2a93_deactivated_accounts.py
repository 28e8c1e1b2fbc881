"""Add users.deactivated_at: an account switched off by its team lead or the command line
cannot sign in and is sent no e-mail, while its records stay (see portal.accounts.lifecycle).

Revision ID: 5d0b7c1e2a93
Revises: 9e3ce04d376c
Create Date: 2026-12-05 01:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portal.core.db

revision: str = "5d0b7c1e2a93"
down_revision: str | None = "9e3ce04d376c"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("users", sa.Column("deactivated_at", portal.core.db.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_column("deactivated_at")
