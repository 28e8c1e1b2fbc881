"""Create meetings with their summaries and feedback; add the e-mail digest choice to users.

Revision ID: d313d5427c3f
Revises: f38aad37c34f
Create Date: 2026-11-27 23:03:37.682794
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portal.core.db

revision: str = "d313d5427c3f"
down_revision: str | None = "f38aad37c34f"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("specialist_id", sa.Integer(), nullable=True),
        sa.Column("starts_at", portal.core.db.UTCDateTime(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column(
            "mode",
            sa.Enum(
                "in_person",
                "phone",
                "video",
                name="meeting_mode",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("place", sa.String(length=200), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("summary_at", portal.core.db.UTCDateTime(), nullable=True),
        sa.Column(
            "response",
            sa.Enum(
                "confirmed",
                "disputed",
                name="summary_response",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=True,
        ),
        sa.Column("response_at", portal.core.db.UTCDateTime(), nullable=True),
        sa.Column("correction", sa.Text(), nullable=True),
        sa.Column("cancelled_at", portal.core.db.UTCDateTime(), nullable=True),
        sa.Column("feedback_closed_at", portal.core.db.UTCDateTime(), nullable=True),
        sa.Column("created_at", portal.core.db.UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["users.id"],
            name=op.f("fk_meetings_client_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["specialist_id"],
            ["users.id"],
            name=op.f("fk_meetings_specialist_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings")),
    )
    op.create_index(
        "ix_meetings_client_id_starts_at", "meetings", ["client_id", "starts_at"], unique=False
    )
    op.create_index(op.f("ix_meetings_specialist_id"), "meetings", ["specialist_id"], unique=False)

    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("specialist_id", sa.Integer(), nullable=True),
        sa.Column("rating", sa.SmallInteger(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("named", sa.Boolean(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=True),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("created_at", portal.core.db.UTCDateTime(), nullable=True),
        sa.CheckConstraint(
            "named OR (client_id IS NULL AND meeting_id IS NULL AND created_at IS NULL)",
            name=op.f("ck_feedback_anonymous_has_no_trace"),
        ),
        sa.CheckConstraint("rating BETWEEN 1 AND 5", name=op.f("ck_feedback_rating_1_to_5")),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["users.id"],
            name=op.f("fk_feedback_client_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_feedback_meeting_id_meetings"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["specialist_id"],
            ["users.id"],
            name=op.f("fk_feedback_specialist_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_feedback_team_id_teams"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback")),
    )
    op.create_index(op.f("ix_feedback_client_id"), "feedback", ["client_id"], unique=False)
    op.create_index(op.f("ix_feedback_meeting_id"), "feedback", ["meeting_id"], unique=False)
    op.create_index(op.f("ix_feedback_month"), "feedback", ["month"], unique=False)
    op.create_index(op.f("ix_feedback_specialist_id"), "feedback", ["specialist_id"], unique=False)
    op.create_index(op.f("ix_feedback_team_id"), "feedback", ["team_id"], unique=False)

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("digest_opt_in", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(
            sa.Column("digest_sent_at", portal.core.db.UTCDateTime(), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("digest_sent_at")
        batch_op.drop_column("digest_opt_in")

    op.drop_index(op.f("ix_feedback_team_id"), table_name="feedback")
    op.drop_index(op.f("ix_feedback_specialist_id"), table_name="feedback")
    op.drop_index(op.f("ix_feedback_month"), table_name="feedback")
    op.drop_index(op.f("ix_feedback_meeting_id"), table_name="feedback")
    op.drop_index(op.f("ix_feedback_client_id"), table_name="feedback")

    op.drop_table("feedback")
    op.drop_index(op.f("ix_meetings_specialist_id"), table_name="meetings")
    op.drop_index("ix_meetings_client_id_starts_at", table_name="meetings")

    op.drop_table("meetings")
