"""Queue indexes newest first again.

On SQLite, adding flag_open (02ae835d73d0) copied the submission table, and the copy rebuilt its indexes
from reflection, which drops "created_at DESC": the queue then sorted every unreviewed submission on
each view (760 ms a page at 100,000, `make bench`). Rebuilt here as the models declare them.

Revision ID: b8d4e2f1a9c3
Revises: 7f3b9e1c5a20
"""

import sqlalchemy as sa
from alembic import op

revision = "b8d4e2f1a9c3"
down_revision = "7f3b9e1c5a20"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_submission_queue": ["status", "triage_rank", sa.text("created_at DESC"), "id"],
    "ix_submission_status_time": ["status", sa.text("created_at DESC"), "id"],
}


def upgrade():
    # Plain statements, not batch mode: a batch on SQLite would copy the table and lose the order again.
    for name, columns in INDEXES.items():
        op.drop_index(name, table_name="submission")
        op.create_index(name, "submission", columns, unique=False)


def downgrade():
    pass  # the same indexes are right for the schema before this revision too
