"""an index covering the tally's count per story

Revision ID: 0006_tally_index
Revises: 0005_story_wall
Create Date: 2026-11-23

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0006_tally_index'
down_revision = '0005_story_wall'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_votes_campaign_id_nomination_id', 'votes', ['campaign_id', 'nomination_id'], unique=False)


def downgrade():
    op.drop_index('ix_votes_campaign_id_nomination_id', table_name='votes')
