"""the tally reads a campaign's published stories in the order of their ids

Revision ID: 0010_tally_in_story_order
Revises: 0009_one_word_for_a_story
Create Date: 2026-12-01

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0010_tally_in_story_order'
down_revision = '0009_one_word_for_a_story'
branch_labels = None
depends_on = None

NAME = 'ix_stories_published_by_campaign'


def upgrade():
    op.drop_index(NAME, table_name='stories')
    op.create_index(NAME, 'stories', ['campaign_id', 'status', 'hidden', 'id', 'category_id', 'title'], unique=False)


def downgrade():
    op.drop_index(NAME, table_name='stories')
    op.create_index(NAME, 'stories', ['campaign_id', 'status', 'hidden', 'category_id', 'title'], unique=False)
