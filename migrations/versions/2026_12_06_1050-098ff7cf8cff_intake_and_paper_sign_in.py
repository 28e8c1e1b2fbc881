"""Intake: referrals (the public "I would like to work" page and a clinic's referral), and
participants without e-mail, who sign in with a user name and a code from paper; what would be
e-mailed to them is held for their next sign-in. A team on the public page has a public name.

Revision ID: 098ff7cf8cff
Revises: 6c4a1e8d3b92
Create Date: 2026-12-06 10:50:11.948255
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portal.core.db

revision: str = "098ff7cf8cff"
down_revision: str | None = "6c4a1e8d3b92"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


PURPOSES_BEFORE = ("invitation", "password_reset")
PURPOSES_AFTER = (*PURPOSES_BEFORE, "sign_in_code")


def _allow_purposes(values: tuple[str, ...]) -> None:
    listed = ", ".join(f"'{value}'" for value in values)
    with op.batch_alter_table("account_tokens") as batch_op:
        batch_op.drop_constraint(op.f("ck_account_tokens_token_purpose"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_account_tokens_token_purpose"), f"purpose IN ({listed})"
        )


def upgrade() -> None:
    _allow_purposes(PURPOSES_AFTER)
    with op.batch_alter_table("teams") as batch_op:
        batch_op.add_column(sa.Column("public_name", sa.String(length=120), nullable=True))
    op.create_table(
        "held_emails",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", portal.core.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_held_emails_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_held_emails")),
    )
    with op.batch_alter_table("held_emails", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_held_emails_user_id"), ["user_id"], unique=False)

    op.create_table(
        "referrals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column(
            "source",
            sa.Enum(
                "self",
                "clinic",
                name="referral_source",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("referred_by_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=120), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("work_wish", sa.String(length=500), nullable=True),
        sa.Column("locale", sa.String(length=8), nullable=True),
        sa.Column("created_at", portal.core.db.UTCDateTime(), nullable=False),
        sa.Column("tries", sa.Integer(), server_default="0", nullable=False),
        sa.Column("last_try_at", portal.core.db.UTCDateTime(), nullable=True),
        sa.Column("accepted_at", portal.core.db.UTCDateTime(), nullable=True),
        sa.Column("accepted_by_id", sa.Integer(), nullable=True),
        sa.Column("closed_at", portal.core.db.UTCDateTime(), nullable=True),
        sa.Column(
            "closing_reason",
            sa.Enum(
                "not_reached",
                "withdrawn",
                "outside_area",
                "already_participant",
                name="referral_closing_reason",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=True,
        ),
        sa.Column("closed_by_id", sa.Integer(), nullable=True),
        sa.Column("wiped_at", portal.core.db.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["accepted_by_id"],
            ["users.id"],
            name=op.f("fk_referrals_accepted_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["closed_by_id"],
            ["users.id"],
            name=op.f("fk_referrals_closed_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["referred_by_id"],
            ["users.id"],
            name=op.f("fk_referrals_referred_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_referrals_team_id_teams"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referrals")),
    )
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_referrals_created_at"), ["created_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_referrals_referred_by_id"), ["referred_by_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_referrals_team_id"), ["team_id"], unique=False)

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("username", sa.String(length=40), nullable=True))
        batch_op.alter_column("email", existing_type=sa.VARCHAR(length=254), nullable=True)
        batch_op.create_unique_constraint(batch_op.f("uq_users_username"), ["username"])


def downgrade() -> None:
    with op.batch_alter_table("teams") as batch_op:
        batch_op.drop_column("public_name")
    op.execute("DELETE FROM account_tokens WHERE purpose = 'sign_in_code'")
    _allow_purposes(PURPOSES_BEFORE)
    # An address nobody can receive at, for each account that had none.
    op.execute(
        "UPDATE users SET email = 'no-email-' || id || '@invalid.example' WHERE email IS NULL"
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_users_username"), type_="unique")
        batch_op.alter_column("email", existing_type=sa.VARCHAR(length=254), nullable=False)
        batch_op.drop_column("username")

    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referrals_team_id"))
        batch_op.drop_index(batch_op.f("ix_referrals_referred_by_id"))
        batch_op.drop_index(batch_op.f("ix_referrals_created_at"))

    op.drop_table("referrals")
    with op.batch_alter_table("held_emails", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_held_emails_user_id"))

    op.drop_table("held_emails")
