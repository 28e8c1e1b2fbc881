"""Fidelity reviews (scores, the reviewer's notes, the action plan) and specialists' weekly
hours, for the caseload per full-time post.

Revision ID: ff3692b95ab2
Revises: 0b8befdc012e
Create Date: 2026-12-06 18:52:00.038825
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portal.core.db

revision: str = "ff3692b95ab2"
down_revision: str | None = "0b8befdc012e"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "fidelity_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", portal.core.db.UTCDateTime(), nullable=False),
        sa.Column("finished_at", portal.core.db.UTCDateTime(), nullable=True),
        sa.Column("finished_by_id", sa.Integer(), nullable=True),
        sa.Column("total", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_fidelity_reviews_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["finished_by_id"],
            ["users.id"],
            name=op.f("fk_fidelity_reviews_finished_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["teams.id"],
            name=op.f("fk_fidelity_reviews_team_id_teams"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fidelity_reviews")),
    )
    with op.batch_alter_table("fidelity_reviews", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fidelity_reviews_team_id"), ["team_id"], unique=False)

    op.create_table(
        "fidelity_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(length=4), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", portal.core.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_fidelity_actions_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["fidelity_reviews.id"],
            name=op.f("fk_fidelity_actions_review_id_fidelity_reviews"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fidelity_actions")),
    )
    with op.batch_alter_table("fidelity_actions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_fidelity_actions_review_id"), ["review_id"], unique=False
        )

    op.create_table(
        "fidelity_item_scores",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(length=4), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("too_few", sa.Boolean(), nullable=False),
        sa.Column("numbers", sa.JSON(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("entered_by_id", sa.Integer(), nullable=True),
        sa.Column("entered_at", portal.core.db.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["entered_by_id"],
            ["users.id"],
            name=op.f("fk_fidelity_item_scores_entered_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["fidelity_reviews.id"],
            name=op.f("fk_fidelity_item_scores_review_id_fidelity_reviews"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fidelity_item_scores")),
        sa.UniqueConstraint("review_id", "item", name=op.f("uq_fidelity_item_scores_review_id")),
    )
    with op.batch_alter_table("fidelity_item_scores", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_fidelity_item_scores_review_id"), ["review_id"], unique=False
        )

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("weekly_hours", sa.Numeric(precision=4, scale=1), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("weekly_hours")

    with op.batch_alter_table("fidelity_item_scores", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fidelity_item_scores_review_id"))

    op.drop_table("fidelity_item_scores")
    with op.batch_alter_table("fidelity_actions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fidelity_actions_review_id"))

    op.drop_table("fidelity_actions")
    with op.batch_alter_table("fidelity_reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fidelity_reviews_team_id"))

    op.drop_table("fidelity_reviews")
