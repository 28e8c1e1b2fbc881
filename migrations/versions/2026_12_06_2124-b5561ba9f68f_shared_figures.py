"""The quarter's figures a team lead shares with the team (fidelity item O7).

Revision ID: b5561ba9f68f
Revises: e4ffef670a5a
Create Date: 2026-12-06 21:24:04.791857
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portal.core.db

revision: str = "b5561ba9f68f"
down_revision: str | None = "e4ffef670a5a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "shared_figures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=8), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("shared_by_id", sa.Integer(), nullable=True),
        sa.Column("shared_at", portal.core.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["shared_by_id"],
            ["users.id"],
            name=op.f("fk_shared_figures_shared_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["teams.id"],
            name=op.f("fk_shared_figures_team_id_teams"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shared_figures")),
    )
    with op.batch_alter_table("shared_figures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_shared_figures_team_id"), ["team_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("shared_figures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shared_figures_team_id"))

    op.drop_table("shared_figures")
