"""Every feature's models, imported in one place so the metadata is complete."""
from portal.accounts.models import AuthToken, Team, User  # noqa: F401
from portal.system.models import Setting  # noqa: F401
from portal.campaigns.models import Campaign, CampaignEvent, Category  # noqa: F401
from portal.notifications.models import OutboxMessage  # noqa: F401
from portal.audit.models import AuditEntry  # noqa: F401
from portal.nominations.models import Endorsement, Nomination, Nominee, Report  # noqa: F401
from portal.voting.models import Induction, Result, Vote  # noqa: F401
from portal.gallery.models import Cheer, Comment  # noqa: F401
import portal.nominations.search  # noqa: F401,E402  (search index DDL)
