"""Full-text search over stories: title, story and names, in every script.

Each story keeps a ``search_text`` (lower-cased title, story, nominee and
team names). SQLite indexes it with an FTS5 table using the trigram
tokenizer, kept in step by triggers; PostgreSQL with a pg_trgm GIN index.
Both find any substring of three characters or more, so Chinese and Telugu
words are found without word segmentation; shorter words fall back to a
plain LIKE. A query of several words finds the stories containing every one
of them, in any order.
"""
import re

from markupsafe import Markup, escape
from sqlalchemy import Connection, and_, select, text
from sqlalchemy.orm import Session

from portal.database import contains_pattern
from portal.stories.markdown import plain_text
from portal.stories.models import Story

MAX_WORDS = 8  # each word is a condition of the query; words past the eighth are not looked for

TABLE = "stories"
FTS_TABLE = f"{TABLE}_fts"


def sqlite_ddl(table: str = TABLE) -> tuple[str, ...]:
    """The FTS5 index of ``table``'s search text and the triggers that keep it in step (the table is a
    parameter so that the migrations build it under the name the table had then)."""
    fts = f"{table}_fts"
    return (
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5("
        f"search_text, content='{table}', content_rowid='id', tokenize='trigram')",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_insert AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, search_text) VALUES (new.id, new.search_text); END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_delete AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, search_text) VALUES ('delete', old.id, old.search_text); END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_update AFTER UPDATE OF search_text ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
        f"INSERT INTO {fts}(rowid, search_text) VALUES (new.id, new.search_text); END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    )


def sqlite_drop(table: str = TABLE) -> tuple[str, ...]:
    """Undo ``sqlite_ddl(table)``."""
    fts = f"{table}_fts"
    return (f"DROP TRIGGER IF EXISTS {fts}_update", f"DROP TRIGGER IF EXISTS {fts}_delete",
            f"DROP TRIGGER IF EXISTS {fts}_insert", f"DROP TABLE IF EXISTS {fts}")


POSTGRES_EXTENSION = "CREATE EXTENSION IF NOT EXISTS pg_trgm"


def before_tables(connection: Connection) -> None:
    """What a schema built by ``create_all`` (the tests') needs before its tables: pg_trgm on PostgreSQL."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(POSTGRES_EXTENSION)


def after_tables(connection: Connection) -> None:
    """The search index of a schema built by ``create_all``, as the migrations build it: FTS5 on SQLite."""
    if connection.dialect.name == "sqlite":
        for statement in sqlite_ddl():
            connection.exec_driver_sql(statement)


TRIGRAM_INDEX = "ix_stories_search_trgm"


def is_search_object(name: str | None) -> bool:
    """Whether a table or index belongs to the search index, which each database builds its own way
    (so schema comparisons leave it out)."""
    return bool(name) and (name.startswith(FTS_TABLE) or name == TRIGRAM_INDEX)


def compose(title: str, story: str, impact: str, names: list[str]) -> str:
    """What a story is found by: its words and the names of the people or team it is about."""
    return " ".join(" ".join([title, story, impact or "", " ".join(names)]).lower().split())


def words(query: str) -> list[str]:
    """The distinct words of a search, lower-cased, in the order typed (at most ``MAX_WORDS``)."""
    return list(dict.fromkeys(query.lower().split()))[:MAX_WORDS]


def matching(session: Session, query: str):
    """A WHERE clause for the stories containing every word of ``query``, in any order."""
    wanted = words(query)
    clauses = []
    if session.get_bind().dialect.name == "sqlite":
        # The trigram index answers words of three characters or more; shorter ones are read with LIKE.
        indexed = [word for word in wanted if len(word) >= 3]
        if indexed:
            terms = " AND ".join('"' + word.replace('"', '""') + '"' for word in indexed)
            ids = select(text("rowid")).select_from(text(FTS_TABLE)).where(text(f"{FTS_TABLE} MATCH :terms"))
            clauses.append(Story.id.in_(ids.params(terms=terms)))
        wanted = [word for word in wanted if len(word) < 3]
    clauses.extend(Story.search_text.like(contains_pattern(word)) for word in wanted)
    return and_(*clauses)


def highlighted_excerpt(body: str, query: str, length: int = 160) -> Markup:
    """The story as plain text near the first word found, each word of ``query`` marked (``<mark>``)."""
    plain = plain_text(body)
    found = [word for word in words(query) if word]
    pattern = re.compile("|".join(re.escape(word) for word in sorted(found, key=len, reverse=True)), re.IGNORECASE) \
        if found else None
    first = pattern.search(plain) if pattern else None
    start = 0
    if first and first.start() > length // 2:  # begin a little before the first match, at a word if near
        start = first.start() - 30
        space = plain.rfind(" ", max(start - 20, 0), start)
        start = space + 1 if space != -1 else start
    shown = plain[start:]
    if len(shown) > length:
        shown = shown[:length].rsplit(" ", 1)[0] + "…"
    if start:
        shown = "…" + shown
    if pattern is None:
        return escape(shown)
    marked, last = [], 0
    for match in pattern.finditer(shown):
        marked += [escape(shown[last:match.start()]), Markup("<mark>"), escape(match.group()), Markup("</mark>")]
        last = match.end()
    marked.append(escape(shown[last:]))
    return Markup("").join(marked)


def refresh_search_text(story: Story) -> None:
    """Compose ``story``'s search text again from its nominees and team as they are now, leaving out
    the names of people who were erased."""
    names = [link.user.stored_name for link in story.nominee_links if link.user.erased_at is None]
    if story.team is not None:
        names.append(story.team.name)
    story.search_text = compose(story.title, story.body, story.customer_impact, names)
