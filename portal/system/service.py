"""Reading and writing portal settings, and checking health."""
from sqlalchemy import select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from portal.system.models import Setting

DEMO_DATA = "demo_data"
SCHEDULER_HEARTBEAT = "scheduler_heartbeat"


def get_setting(session: Session, key: str) -> Setting | None:
    """The setting named ``key``, or None."""
    return session.get(Setting, key)


def put_setting(session: Session, key: str, value: str) -> Setting:
    """Create or replace a setting."""
    setting = session.get(Setting, key)
    if setting is None:
        setting = Setting(key=key, value=value)
        session.add(setting)
    else:
        setting.value = value
    session.flush()
    return setting


def health(session: Session) -> dict:
    """Whether the database answers, and when the scheduler last reported in."""
    try:
        session.execute(text("SELECT 1"))
        heartbeat = session.scalar(select(Setting.updated_at).where(Setting.key == SCHEDULER_HEARTBEAT))
        return {"database": True,
                "scheduler_heartbeat": heartbeat.isoformat() if heartbeat else None}
    except SQLAlchemyError:
        session.rollback()
        return {"database": False, "scheduler_heartbeat": None}


def heartbeat_age(session: Session, now) -> float | None:
    """Seconds since the scheduler last reported in, or None if it never has."""
    beat = session.scalar(select(Setting.updated_at).where(Setting.key == SCHEDULER_HEARTBEAT))
    return None if beat is None else (now - beat).total_seconds()
