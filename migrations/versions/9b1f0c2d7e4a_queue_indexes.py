"""Queue indexes that hold the queue's order, so a page is read in order at any size.

Revision ID: 9b1f0c2d7e4a
Revises: 46ea927ba51d
Create Date: 2026-11-25 04:50:00
"""
import sqlalchemy as sa
from alembic import op

revision = "9b1f0c2d7e4a"
down_revision = "46ea927ba51d"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("submission", schema=None) as batch_op:
        batch_op.drop_index("ix_submission_queue")
        batch_op.create_index("ix_submission_queue",
                              ["status", "triage_rank", sa.text("created_at DESC"), "id"], unique=False)
        batch_op.create_index("ix_submission_status_time", ["status", sa.text("created_at DESC"), "id"],
                              unique=False)


def downgrade():
    with op.batch_alter_table("submission", schema=None) as batch_op:
        batch_op.drop_index("ix_submission_status_time")
        batch_op.drop_index("ix_submission_queue")
        batch_op.create_index("ix_submission_queue", ["status", "triage_rank", "created_at"], unique=False)
