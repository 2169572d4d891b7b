"""the tally reads a campaign's published stories from one index, titles included

Revision ID: 0008_tally_covering_index
Revises: 0007_story_indexes
Create Date: 2026-11-23

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0008_tally_covering_index'
down_revision = '0007_story_indexes'
branch_labels = None
depends_on = None

COLUMNS = ['campaign_id', 'status', 'hidden', 'category_id', 'title']


def upgrade():
    op.create_index('ix_nominations_published_by_campaign', 'nominations', COLUMNS, unique=False)
    op.drop_index('ix_nominations_campaign_id_status_hidden', table_name='nominations')


def downgrade():
    op.create_index('ix_nominations_campaign_id_status_hidden', 'nominations', COLUMNS[:3], unique=False)
    op.drop_index('ix_nominations_published_by_campaign', table_name='nominations')
