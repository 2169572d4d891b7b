"""indexes for the shared pages' stamp and the tally; the tally no longer reads votes by campaign

Revision ID: 0007_story_indexes
Revises: 0006_tally_index
Create Date: 2026-11-23

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0007_story_indexes'
down_revision = '0006_tally_index'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_nominations_updated_at', 'nominations', ['updated_at'], unique=False)
    op.create_index('ix_nominations_campaign_id_status_hidden', 'nominations', ['campaign_id', 'status', 'hidden'],
                    unique=False)
    op.drop_index('ix_votes_campaign_id_nomination_id', table_name='votes')


def downgrade():
    op.create_index('ix_votes_campaign_id_nomination_id', 'votes', ['campaign_id', 'nomination_id'], unique=False)
    op.drop_index('ix_nominations_campaign_id_status_hidden', table_name='nominations')
    op.drop_index('ix_nominations_updated_at', table_name='nominations')
