"""The national lists of occupations (DISCO-08, SSYK 2012), imported by `flask occupations`.

Revision ID: e4ffef670a5a
Revises: e7ae62d7282a
Create Date: 2026-12-06 21:11:52.840928
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "e4ffef670a5a"
down_revision: str | None = "e7ae62d7282a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "occupation_titles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("classification", sa.String(length=10), nullable=False),
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("folded", sa.String(length=300), nullable=False),
        sa.Column("isco_group", sa.String(length=2), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_occupation_titles")),
        sa.UniqueConstraint(
            "classification", "code", name=op.f("uq_occupation_titles_classification")
        ),
    )
    with op.batch_alter_table("occupation_titles", schema=None) as batch_op:
        batch_op.create_index(
            "ix_occupation_titles_classification_folded", ["classification", "folded"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("occupation_titles", schema=None) as batch_op:
        batch_op.drop_index("ix_occupation_titles_classification_folded")

    op.drop_table("occupation_titles")
