"""Database engine tuning: SQLite pragmas and write-lock-first transactions.

SQLite allows one writer at a time. A transaction that starts as a reader and
later writes can fail at once with "database is locked" when another writer got
in first, and no busy timeout helps. So every transaction that may write begins
with ``BEGIN IMMEDIATE``: it waits (up to the busy timeout) for the write lock
up front. Transactions known to read only begin as readers (``READER``): which
one a transaction is, the caller says (``begin_transactions_as``, ``read_intent``,
``writing``); for web requests, ``portal.transactions`` says it per request.

Writers queue for that lock in the kernel rather than in SQLite: SQLite's own
busy handler sleeps in growing steps (up to 100 ms) and so leaves the lock idle
while writers sleep, which at the voting rush costs more than the writes. So a
``BEGIN IMMEDIATE`` first takes an exclusive ``flock`` on a file beside the
database, which wakes the next writer the moment the last one has committed
(threads and processes alike, since each connection has its own open file).
The wait is as long as the transactions ahead take; every request is bounded
by the web server's timeout, and a process that dies frees its lock.

On PostgreSQL a reader runs without a transaction (``configure_postgresql``), until it writes.

Measured against the plain recipe (``BEGIN IMMEDIATE`` and SQLite's busy
timeout alone) in ``make bench SCALE=small``: the vote ratio is the same either
way (0.54–0.58 with the queue, 0.52–0.56 without), but the slowest votes wait
half as long (p95 32–43 ms against 40–53 ms, p99 42–52 ms against 84–103 ms
over six runs without it), and without it one run in six broke the 50 ms p95
target (bench/README.md).
"""
import fcntl
from contextlib import contextmanager
from contextvars import ContextVar, Token

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, scoped_session

READER, WRITER = "BEGIN", "BEGIN IMMEDIATE"
# How the next transaction begins on SQLite; set per web request by ``portal.transactions``.
_begin_with: ContextVar[str] = ContextVar("begin_with", default=WRITER)


def contains_pattern(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere, lower-cased, with LIKE's wildcards and
    PostgreSQL's escape character removed from what the person typed."""
    cleaned = " ".join(text.lower().split()).replace("\\", "").replace("%", "").replace("_", "")
    return f"%{cleaned}%"


def begin_transactions_as(statement: str) -> Token:
    """Make the transactions begun from here on start with ``statement`` (``READER`` or ``WRITER``);
    returns the token that ``reset_transactions`` takes to undo it."""
    return _begin_with.set(statement)


def reset_transactions(token: Token) -> None:
    """Undo a ``begin_transactions_as``."""
    _begin_with.reset(token)


@contextmanager
def read_intent():
    """Make transactions begun inside this block start as readers.

    For slow reads in a POST request (a password hash check) that must not keep
    every other writer waiting; the block must end its transaction before writing.
    """
    token = begin_transactions_as(READER)
    try:
        yield
    finally:
        reset_transactions(token)


@contextmanager
def writing(session: Session | scoped_session):
    """The write phase of a request that began as a reader: from here on its transaction holds the
    write lock (on SQLite; PostgreSQL locks rows and needs nothing).

    SQLite cannot turn a reader into a writer once someone else has written, so the read
    transaction ends and a ``BEGIN IMMEDIATE`` starts on the same connection, in the same
    session transaction: no commit of the session, no new connection from the pool.
    Commits inside the block leave what the request loaded as it was instead of expiring it:
    nothing the block writes changes those objects, and reloading one after the commit (the
    person, to translate the answer) would begin another write transaction, lock and all.
    """
    if isinstance(session, scoped_session):
        session = session()
    keep, session.expire_on_commit = session.expire_on_commit, False
    token = begin_transactions_as(WRITER)
    try:
        connection = session.connection()  # begins with the write lock if nothing was read yet
        if connection.dialect.name == "sqlite" and not connection.connection.info.get("writing"):
            connection.connection.dbapi_connection.commit()  # the read snapshot ends
            _begin(connection, WRITER)
        yield
    finally:
        reset_transactions(token)
        session.expire_on_commit = keep


def configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    """Install WAL, busy timeout, foreign keys and IMMEDIATE transactions."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite would
        # otherwise start transactions lazily and always deferred).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    gate_path = f"{engine.url.database}-writer.lock" if engine.url.database not in (None, "", ":memory:") else None

    @event.listens_for(engine, "connect")
    def _on_connect_gate(_dbapi_connection, record):
        record.info["gate_path"] = gate_path  # the record's info lives as long as the DBAPI connection

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        _begin(connection, _begin_with.get())

    @event.listens_for(engine, "commit")
    def _on_commit(connection):
        # The event comes before the commit; commit first so that the next writer starts after it.
        # (SQLAlchemy's own commit that follows finds no transaction and does nothing.)
        connection.connection.dbapi_connection.commit()
        _leave_gate(connection.connection.info)

    @event.listens_for(engine, "rollback")
    def _on_rollback(connection):
        connection.connection.dbapi_connection.rollback()
        _leave_gate(connection.connection.info)

    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_connection, record):
        _leave_gate(record.info)  # a connection handed back without commit or rollback

    @event.listens_for(engine, "close")
    def _on_close(_dbapi_connection, record):
        gate = record.info.pop("gate", None)
        if gate is not None:
            gate.close()


def configure_postgresql(engine: Engine) -> None:
    """Let readers run without a transaction, so that the server keeps their prepared statements.

    psycopg prepares a statement on a connection the fifth time it runs there, and forgets every
    prepared statement at a ROLLBACK (``DEALLOCATE ALL``). Every page ended with one (the session
    closing), so nothing was ever prepared and every statement was planned afresh: the story
    page's facts took 3.5 ms to plan and 0.5 ms to run. A reader's statements therefore run in
    autocommit, which under PostgreSQL's READ COMMITTED sees exactly what the same statements in
    a transaction would (each takes its own snapshot there too), and needs no BEGIN or ROLLBACK
    either. The first statement that may write (anything but a plain SELECT) begins a real
    transaction first, so a reader that writes is still all or nothing. Measured in-process at full
    scale (CPU of the web process and its server process per page, bench/README.md): a story page
    7.7 ms → 3.9 ms, the wall 6.3 ms → 3.9 ms, ``/healthz`` 4.2 ms → 2.8 ms.
    """

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        # No statement has run yet, so the connection is idle and may change mode.
        connection.connection.dbapi_connection.autocommit = _begin_with.get() == READER

    @event.listens_for(engine, "before_cursor_execute")
    def _before_execute(connection, _cursor, statement, _parameters, _context, _executemany):
        dbapi_connection = connection.connection.dbapi_connection
        if dbapi_connection.autocommit and _may_write(statement):
            dbapi_connection.autocommit = False  # idle in autocommit: this statement begins the transaction


def _may_write(statement: str) -> bool:
    """Whether a statement may change data or hold a lock past itself: all but plain SELECTs."""
    head = statement.lstrip()[:6].upper()
    return head != "SELECT" or " FOR " in statement.upper()


def _begin(connection, statement: str) -> None:
    """Issue ``statement``; a writer's waits its turn in the writer queue first."""
    info = connection.connection.info
    if statement == WRITER:
        if info.get("gate_path"):
            if "gate" not in info:
                info["gate"] = open(info["gate_path"], "ab")  # noqa: SIM115 (closed with the connection)
            fcntl.flock(info["gate"], fcntl.LOCK_EX)
        info["writing"] = True
    try:
        connection.exec_driver_sql(statement)
    except BaseException:
        _leave_gate(info)
        raise


def _leave_gate(info: dict) -> None:
    info.pop("writing", None)
    if "gate" in info:
        fcntl.flock(info["gate"], fcntl.LOCK_UN)
