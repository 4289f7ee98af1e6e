"""Drafts keep what a patient typed on a page and left (Back, the language switch, an error) before it was saved.

Revision ID: 7f3b9e1c5a20
Revises: 5e7a2c9d4b13
Create Date: 2026-12-06 18:40:00
"""
import sqlalchemy as sa
from alembic import op

revision = "7f3b9e1c5a20"
down_revision = "5e7a2c9d4b13"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("draft", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pending", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("draft", schema=None) as batch_op:
        batch_op.drop_column("pending")
