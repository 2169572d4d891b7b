"""one word for a story: the table nominations is stories, its text column body, and every nomination_id a story_id

Revision ID: 0009_one_word_for_a_story
Revises: 0008_tally_covering_index
Create Date: 2026-12-01

"""
from alembic import op
import sqlalchemy as sa

from portal.stories import search


# revision identifiers, used by Alembic.
revision = '0009_one_word_for_a_story'
down_revision = '0008_tally_covering_index'
branch_labels = None
depends_on = None

# The tables that point at a story, each by one column.
CHILDREN = ('nominees', 'endorsements', 'cheers', 'comments', 'votes', 'results', 'inductions')
FORWARD = {'table': ('nominations', 'stories'), 'text': ('story', 'body'), 'link': ('nomination_id', 'story_id')}


def upgrade():
    _rename(forward=True)


def downgrade():
    _rename(forward=False)


def _rename(forward: bool) -> None:
    """Rename the table, its text column, the children's link columns and every constraint and index
    named after them (names follow the naming convention, so each is the old name with the words replaced)."""
    (table_from, table_to), (text_from, text_to), (link_from, link_to) = (
        pair if forward else pair[::-1] for pair in FORWARD.values())

    def renamed(name: str) -> str:
        return name.replace(link_from, link_to).replace(table_from, table_to)

    if op.get_bind().dialect.name == 'sqlite':
        _rename_sqlite(table_from, table_to, {table_to: (text_from, text_to), **{
            child: (link_from, link_to) for child in CHILDREN}}, renamed)
    else:
        _rename_postgresql(table_from, table_to, text_from, text_to, link_from, link_to, renamed)


def _rename_postgresql(table_from, table_to, text_from, text_to, link_from, link_to, renamed) -> None:
    op.rename_table(table_from, table_to)
    op.alter_column(table_to, text_from, new_column_name=text_to)
    for child in CHILDREN:
        op.alter_column(child, link_from, new_column_name=link_to)
    bind = op.get_bind()
    tables = [table_to, *CHILDREN]
    # Renaming a constraint renames the index behind it, so the indexes left are the plain ones.
    for table, name in bind.execute(sa.text("SELECT conrelid::regclass::text, conname FROM pg_constraint "
                                            "WHERE conrelid::regclass::text = ANY(:tables)"), {'tables': tables}):
        if renamed(name) != name:
            op.execute(f'ALTER TABLE {table} RENAME CONSTRAINT "{name}" TO "{renamed(name)}"')
    for (name,) in bind.execute(sa.text("SELECT indexname FROM pg_indexes WHERE tablename = ANY(:tables)"),
                                {'tables': tables}).all():
        if renamed(name) != name:
            op.execute(f'ALTER INDEX "{name}" RENAME TO "{renamed(name)}"')
    op.execute(f'ALTER SEQUENCE {table_from}_id_seq RENAME TO {table_to}_id_seq')


def _rename_sqlite(table_from, table_to, columns, renamed) -> None:
    """SQLite renames tables and columns in place but not constraints or indexes, so each table is
    copied into one of the new shape (SQLite's own procedure for other schema changes). The story
    table's copy is made first and the old one dropped last, when no table points at it any more:
    dropping it earlier would delete every row that points at it (ON DELETE CASCADE). Indexes are made
    again from their own SQL, which keeps partial indexes' WHERE clauses exactly."""
    bind = op.get_bind()
    for statement in search.sqlite_drop(table_from):
        op.execute(statement)
    tables = [table_from, *CHILDREN]
    indexes = bind.execute(sa.text("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                                   "AND tbl_name IN :tables").bindparams(sa.bindparam('tables', expanding=True)),
                           {'tables': tables}).all()
    _copy(bind, table_from, table_to, columns[table_to], renamed)
    for child in CHILDREN:
        _copy(bind, child, f'_new_{child}', columns[child], renamed)
        op.drop_table(child)
        op.rename_table(f'_new_{child}', child)
    op.drop_table(table_from)
    for _, sql in indexes:
        op.execute(renamed(sql))
    for statement in search.sqlite_ddl(table_to):
        op.execute(statement)


def _copy(bind, source: str, target: str, column: tuple[str, str], renamed) -> None:
    """Create ``target`` with ``source``'s columns (``column`` renamed) and constraints (renamed), and copy
    the rows across."""
    old = sa.Table(source, sa.MetaData(), autoload_with=bind)
    name_of = {c.name: column[1] if c.name == column[0] else c.name for c in old.columns}
    columns = [sa.Column(name_of[c.name], c.type, primary_key=c.primary_key, nullable=c.nullable,
                         server_default=c.server_default.arg if c.server_default is not None else None)
               for c in old.columns]
    constraints = [sa.PrimaryKeyConstraint(*[name_of[c.name] for c in old.primary_key.columns],
                                           name=renamed(old.primary_key.name) if old.primary_key.name else None)]
    for constraint in old.constraints:
        if isinstance(constraint, sa.ForeignKeyConstraint):
            constraints.append(sa.ForeignKeyConstraint(
                [name_of[c] for c in constraint.column_keys],
                [renamed(f'{e.target_fullname}') for e in constraint.elements],
                name=renamed(constraint.name), ondelete=constraint.ondelete))
        elif isinstance(constraint, sa.UniqueConstraint):
            constraints.append(sa.UniqueConstraint(*[name_of[c.name] for c in constraint.columns],
                                                   name=renamed(constraint.name)))
        elif isinstance(constraint, sa.CheckConstraint):
            constraints.append(sa.CheckConstraint(constraint.sqltext, name=renamed(constraint.name)))
    op.create_table(target, *columns, *constraints)
    op.execute(f'INSERT INTO {target} ({", ".join(name_of.values())}) SELECT {", ".join(name_of)} FROM {source}')
