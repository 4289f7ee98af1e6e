"""Contract 2 (issue 17): staff follow-through on red flags, and practitioners' choice of article.

- submission.flag_open: an emergency or urgent submission stays at the top of the queue until staff
  record what was done (submission_action). Rows already stored: a flag still "new" is open; one
  already marked reviewed was dealt with under the old rules and stays closed.
- submission_action: what was done (called the patient, sent to emergency care...), by whom, when.
- submission_article_choice: the article a practitioner chose instead of the matched one, and why.
- questionnaire_version: rows already stored keep "1" (they were not asked the seven new red flags,
  which staff see as "not asked"); new rows are stored with "2". Nothing to change in the data.

Revision ID: 02ae835d73d0
Revises: 9b1f0c2d7e4a
Create Date: 2026-12-06 02:41:52.321078
"""
from alembic import op
import sqlalchemy as sa

revision = '02ae835d73d0'
down_revision = '9b1f0c2d7e4a'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('submission_action',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.String(length=36), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('note', sa.String(length=2000), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('closed_flag', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['staff_user.id'], name=op.f('fk_submission_action_author_id_staff_user')),
    sa.ForeignKeyConstraint(['submission_id'], ['submission.id'], name=op.f('fk_submission_action_submission_id_submission'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_submission_action'))
    )
    with op.batch_alter_table('submission_action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_submission_action_submission_id'), ['submission_id'], unique=False)

    op.create_table('submission_article_choice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.String(length=36), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['staff_user.id'], name=op.f('fk_submission_article_choice_author_id_staff_user')),
    sa.ForeignKeyConstraint(['submission_id'], ['submission.id'], name=op.f('fk_submission_article_choice_submission_id_submission'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_submission_article_choice'))
    )
    with op.batch_alter_table('submission_article_choice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_submission_article_choice_submission_id'), ['submission_id'], unique=False)

    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.add_column(sa.Column('flag_open', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.create_index('ix_submission_open_flags', ['flag_open', 'triage_rank', 'created_at'], unique=False)
    submission = sa.table("submission", sa.column("flag_open", sa.Boolean()), sa.column("status", sa.String()),
                          sa.column("triage_level", sa.String()))
    op.execute(submission.update()
               .where(submission.c.status == "new", submission.c.triage_level.in_(("emergency", "urgent")))
               .values(flag_open=True))
    # The default was only for the rows already there: new rows always say.
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.alter_column('flag_open', server_default=None)


def downgrade():
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.drop_index('ix_submission_open_flags')
        batch_op.drop_column('flag_open')

    with op.batch_alter_table('submission_article_choice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_submission_article_choice_submission_id'))

    op.drop_table('submission_article_choice')
    with op.batch_alter_table('submission_action', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_submission_action_submission_id'))

    op.drop_table('submission_action')
