"""Every feature's models, imported in one place so the metadata is complete."""
from portal.accounts.models import AuthToken, Team, User  # noqa: F401
from portal.audit.models import AuditEntry  # noqa: F401
from portal.campaigns.models import Campaign, CampaignEvent, Category  # noqa: F401
from portal.hall_of_fame.models import Induction  # noqa: F401
from portal.notifications.models import OutboxMessage  # noqa: F401
from portal.stories import search
from portal.stories.models import Cheer, Comment, Endorsement, Nominee, Report, Story  # noqa: F401
from portal.system.models import Setting  # noqa: F401
from portal.voting.models import Result, Vote  # noqa: F401


def create_schema(db) -> None:
    """Every table, and each database's search index, on an empty database without the migrations (the
    tests build theirs this way; ``tests/test_migrations.py`` checks that both ways agree)."""
    with db.engine.begin() as connection:
        search.before_tables(connection)
    db.create_all()
    with db.engine.begin() as connection:
        search.after_tables(connection)
