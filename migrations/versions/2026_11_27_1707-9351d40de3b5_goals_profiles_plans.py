"""Create goals and their notes, career profiles and suggestions, plan steps and items, history.

Revision ID: 9351d40de3b5
Revises: 72e53efb1917
Create Date: 2026-11-27 17:07:56.006256
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portal.core.db

revision: str = "9351d40de3b5"
down_revision: str | None = "72e53efb1917"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "career_profiles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("history", sa.Text(), nullable=False),
        sa.Column("strengths", sa.Text(), nullable=False),
        sa.Column("preferred_work", sa.Text(), nullable=False),
        sa.Column("hours_per_week", sa.Integer(), nullable=True),
        sa.Column("preferred_place", sa.Text(), nullable=False),
        sa.Column("what_matters", sa.Text(), nullable=False),
        sa.Column("supports", sa.Text(), nullable=False),
        sa.Column("history_shared", sa.Boolean(), nullable=False),
        sa.Column("strengths_shared", sa.Boolean(), nullable=False),
        sa.Column("preferences_shared", sa.Boolean(), nullable=False),
        sa.Column("supports_shared", sa.Boolean(), nullable=False),
        sa.Column("updated_at", portal.core.db.UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["users.id"],
            name=op.f("fk_career_profiles_client_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_career_profiles")),
        sa.UniqueConstraint("client_id", name=op.f("uq_career_profiles_client_id")),
    )
    op.create_table(
        "goals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "job",
                "education",
                name="goal_kind",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("target_date", sa.Date(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "active",
                "achieved",
                "paused",
                name="goal_status",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("archived_at", portal.core.db.UTCDateTime(), nullable=True),
        sa.Column("created_at", portal.core.db.UTCDateTime(), nullable=False),
        sa.Column("updated_at", portal.core.db.UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"], ["users.id"], name=op.f("fk_goals_client_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goals")),
    )
    op.create_index(op.f("ix_goals_client_id"), "goals", ["client_id"])

    op.create_table(
        "history_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("subject", sa.String(length=20), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=True),
        sa.Column("created_at", portal.core.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
            name=op.f("fk_history_entries_actor_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["users.id"],
            name=op.f("fk_history_entries_client_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_history_entries")),
    )
    op.create_index(op.f("ix_history_entries_client_id"), "history_entries", ["client_id"])

    op.create_table(
        "plan_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "accommodation",
                "obstacle",
                "benefit",
                name="plan_item_kind",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("response", sa.String(length=500), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("client_cleared_at", portal.core.db.UTCDateTime(), nullable=True),
        sa.Column("specialist_cleared_at", portal.core.db.UTCDateTime(), nullable=True),
        sa.Column("removed_at", portal.core.db.UTCDateTime(), nullable=True),
        sa.Column("created_at", portal.core.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_plan_items_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["users.id"],
            name=op.f("fk_plan_items_client_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_items")),
    )
    op.create_index(op.f("ix_plan_items_client_id"), "plan_items", ["client_id"])

    op.create_table(
        "plan_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=300), nullable=False),
        sa.Column(
            "responsible",
            sa.Enum(
                "me",
                "specialist",
                "treatment_team",
                "job_centre",
                "forsakringskassan",
                "other",
                name="step_responsible",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "todo",
                "done",
                "dropped",
                name="step_status",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column(
            "state",
            sa.Enum(
                "agreed",
                "proposed",
                "declined",
                name="step_state",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("proposed_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", portal.core.db.UTCDateTime(), nullable=False),
        sa.Column("updated_at", portal.core.db.UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["users.id"],
            name=op.f("fk_plan_steps_client_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["proposed_by_id"],
            ["users.id"],
            name=op.f("fk_plan_steps_proposed_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_steps")),
    )
    op.create_index(op.f("ix_plan_steps_client_id"), "plan_steps", ["client_id"])

    op.create_table(
        "profile_suggestions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column(
            "section",
            sa.Enum(
                "history",
                "strengths",
                "preferences",
                "supports",
                name="profile_section",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.String(length=1000), nullable=False),
        sa.Column("created_at", portal.core.db.UTCDateTime(), nullable=False),
        sa.Column("dismissed_at", portal.core.db.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_profile_suggestions_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["users.id"],
            name=op.f("fk_profile_suggestions_client_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_profile_suggestions")),
    )
    op.create_index(op.f("ix_profile_suggestions_client_id"), "profile_suggestions", ["client_id"])

    op.create_table(
        "goal_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "progress",
                "comment",
                name="goal_note_kind",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("body", sa.String(length=1000), nullable=False),
        sa.Column("created_at", portal.core.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_goal_notes_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["goal_id"], ["goals.id"], name=op.f("fk_goal_notes_goal_id_goals"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goal_notes")),
    )
    op.create_index(op.f("ix_goal_notes_goal_id"), "goal_notes", ["goal_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_goal_notes_goal_id"), table_name="goal_notes")

    op.drop_table("goal_notes")
    op.drop_index(op.f("ix_profile_suggestions_client_id"), table_name="profile_suggestions")

    op.drop_table("profile_suggestions")
    op.drop_index(op.f("ix_plan_steps_client_id"), table_name="plan_steps")

    op.drop_table("plan_steps")
    op.drop_index(op.f("ix_plan_items_client_id"), table_name="plan_items")

    op.drop_table("plan_items")
    op.drop_index(op.f("ix_history_entries_client_id"), table_name="history_entries")

    op.drop_table("history_entries")
    op.drop_index(op.f("ix_goals_client_id"), table_name="goals")

    op.drop_table("goals")
    op.drop_table("career_profiles")
