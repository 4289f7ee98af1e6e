"""Two-step sign-in for staff: authenticator secrets, recovery codes and the clinic-wide requirement setting.

(The keyed audit chain and the per account-and-address login throttle need no schema change.)

Revision ID: 5e7a2c9d4b13
Revises: c4e7a2d91b30
Create Date: 2026-12-06 03:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = "5e7a2c9d4b13"
down_revision = "c4e7a2d91b30"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "staff_two_factor",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("secret", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("enabled_at", sa.DateTime(), nullable=True),
        sa.Column("last_step", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["staff_user.id"], name=op.f("fk_staff_two_factor_user_id_staff_user")),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_staff_two_factor")),
    )
    op.create_table(
        "staff_recovery_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=255), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["staff_user.id"],
                                name=op.f("fk_staff_recovery_code_user_id_staff_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_recovery_code")),
    )
    with op.batch_alter_table("staff_recovery_code", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staff_recovery_code_user_id"), ["user_id"], unique=False)
    op.create_table(
        "staff_setting",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_staff_setting")),
    )


def downgrade():
    op.drop_table("staff_setting")
    with op.batch_alter_table("staff_recovery_code", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_recovery_code_user_id"))
    op.drop_table("staff_recovery_code")
    op.drop_table("staff_two_factor")
