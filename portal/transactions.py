"""How each web request's transactions begin (on SQLite): as readers, or holding the write lock.

Read-only requests (GET, HEAD, OPTIONS) begin as readers and never block writers, thanks to WAL.
A POST view marked ``reads_first`` does its reads as a reader too, and takes the write lock only
for its writes (``portal.database.writing``): at the voting rush the lock is then held for a few
statements, not a request. Every other request takes the write lock up front, so that it cannot
fail half-way with "database is locked". The database layer itself never looks at the request:
this hook tells it, before anything else in the request touches the database. After a
``writing`` block, the request's later transactions begin as the request began (as readers, for a
``reads_first`` view), so such a view commits its writes inside the block.
"""
from flask import Flask, g, request

from portal.database import READER, WRITER, begin_transactions_as, reset_transactions

READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def reads_first(view):
    """Mark a POST view that reads before it writes: its request begins as a reader, taking no
    write lock, until the view enters ``portal.database.writing``."""
    view.reads_first = True
    return view


def init_app(app: Flask) -> None:
    """Install the hooks; call before any extension whose request hooks may read the database."""

    @app.before_request
    def _choose_how_transactions_begin():
        view = app.view_functions.get(request.endpoint) if request.endpoint else None
        reader = request.method in READ_ONLY_METHODS or getattr(view, "reads_first", False)
        g.transactions_token = begin_transactions_as(READER if reader else WRITER)

    @app.teardown_request
    def _forget_how_transactions_begin(_error=None):
        token = g.pop("transactions_token", None)
        if token is not None:
            reset_transactions(token)
