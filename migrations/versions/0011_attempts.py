"""sign-in and reset attempts, counted in the database so that every web process sees them

Revision ID: 0011_attempts
Revises: 0010_tally_in_story_order
Create Date: 2026-12-01

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011_attempts'
down_revision = '0010_tally_in_story_order'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'attempts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_attempts')),
    )
    op.create_index('ix_attempts_key_at', 'attempts', ['key', 'at'], unique=False)
    op.create_index(op.f('ix_attempts_at'), 'attempts', ['at'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_attempts_at'), table_name='attempts')
    op.drop_index('ix_attempts_key_at', table_name='attempts')
    op.drop_table('attempts')
