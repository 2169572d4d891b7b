"""when a person was deactivated (the retention period's start) and erased

Revision ID: 0012_erasure
Revises: 0011_attempts
Create Date: 2026-12-01

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012_erasure'
down_revision = '0011_attempts'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deactivated_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('erased_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_users_deactivated_at'), ['deactivated_at'], unique=False)
    # People deactivated before the date was kept: their last change is the closest moment known
    # (a later change only makes their retention period start later, never earlier).
    op.execute("UPDATE users SET deactivated_at = updated_at WHERE active = false")


def downgrade():
    # Plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+): a batch copy of users would have to drop the
    # table that every other table's foreign keys point at.
    op.drop_index(op.f('ix_users_deactivated_at'), table_name='users')
    op.drop_column('users', 'erased_at')
    op.drop_column('users', 'deactivated_at')
