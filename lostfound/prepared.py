"""Reads whose SQL Django compiles once per process, then runs with each call's ids.

A page's small reads spent more CPU in Django's SQL compiler than PostgreSQL spent answering them: the
incident with its five relations took 1.4 ms to compile and 0.4 ms to run. A `PreparedRead` compiles its
queryset the first time it is called, with stand-ins for the ids, and afterwards sends that SQL with the real
ones; rows become model instances (or values), and prefetches run, as the queryset would have done it.

    EVENTS = PreparedRead(lambda incident_id: TimelineEvent.objects.filter(incident_id=incident_id)
                          .select_related("actor").order_by("at", "pk"))
    events = EVENTS(incident.pk)          # a list, like list(queryset)

An argument is an id, a list of ids (`pk__in=ids`), or a moment (an aware datetime compared with a column); a
list's SQL is compiled once for each length it comes in. The queryset may depend on nothing but its arguments:
whatever else it reads (the clock, a setting, the active time zone) would be frozen at the first call.

On PostgreSQL the statement is also kept by the server: parsed and planned once per database session, where
planning these joins cost more than running them. Every read here finds rows by id, so the one plan kept fits
every call. Django's own queries still bind their values on the client and are planned each time.
"""

import copy
import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.postgresql.base import ServerBindingCursor
from django.db.models import QuerySet
from django.db.models.sql.compiler import SQLCompiler

# The i-th id of a call stands in as _STAND_IN + i: within a 32-bit column's range, where Django would compile
# a larger number to "no rows".
_STAND_IN = 2_000_000_000
# …and the i-th moment as this plus i microseconds.
_MOMENT_STAND_IN = datetime.datetime(1901, 2, 3, 4, 5, 6, tzinfo=datetime.UTC)
# Shapes kept per read: lists come in a few lengths (a page of 50 rows, the last page's fewer).
_SHAPES = 64

_MOMENT = "moment"
Shape = tuple[int | str | None, ...]  # per argument: None for an id, the length of a list, or _MOMENT


class PreparedRead:
    def __init__(self, build: Callable[..., QuerySet]):
        self._build = build
        self._compiled: dict[Shape, _Compiled | None] = {}

    def __call__(self, *args: int | str | Sequence[int] | datetime.datetime) -> list:
        shape = tuple(None if _is_id(arg) else _MOMENT if _is_moment(arg) else len(arg) for arg in args)
        if shape not in self._compiled:
            if len(self._compiled) >= _SHAPES:
                self._compiled.clear()
            self._compiled[shape] = _compile(self._build, shape)
        compiled = self._compiled[shape]
        if compiled is None:  # Django found the query empty whatever the ids (an empty list)
            return []
        return compiled.run([arg if _is_moment(arg) else int(value)
                             for arg in args for value in ((arg,) if _is_id(arg) or _is_moment(arg) else arg)])


def _is_id(arg) -> bool:
    return isinstance(arg, (int, str))  # "17" from a URL is an id, not a list of two


def _is_moment(arg) -> bool:
    return isinstance(arg, datetime.datetime)


@dataclass(frozen=True)
class _Compiled:
    queryset: QuerySet  # built with the stand-ins; never evaluated itself
    compiler: SQLCompiler
    sql: str
    params: tuple
    slots: tuple[tuple[int, int], ...]  # (position in params, position in the call's values)
    moments: tuple[tuple[int, int], ...]  # the same, for moments

    def run(self, values: list) -> list:
        params = list(self.params)
        for position, at in self.slots:
            params[position] = type(params[position])(values[at])  # psycopg's Int8 stays an Int8
        adapt = connections[self.compiler.using].ops.adapt_datetimefield_value
        for position, at in self.moments:
            params[position] = adapt(values[at])
        compiler = copy.copy(self.compiler)
        compiler.connection = _StatementKeeping(connections[compiler.using])  # this thread's own
        compiler.as_sql = lambda *args, **kwargs: (self.sql, params)
        queryset = self.queryset._chain()
        queryset.query.get_compiler = lambda *args, **kwargs: compiler
        return list(queryset)


def kept_statement_cursor(alias: str = DEFAULT_DB_ALIAS):
    """connection.cursor(), whose statements PostgreSQL keeps like a PreparedRead's: for SQL written by hand
    whose plan suits every call."""
    return _StatementKeeping(connections[alias]).cursor()


class _StatementKeeping:
    """A connection whose cursors ask PostgreSQL to keep the statement (psycopg's `prepare=True`), where the
    settings let psycopg prepare at all (`prepare_threshold`); anything else it answers as the connection."""

    def __init__(self, connection):
        self._connection = connection

    def __getattr__(self, name):
        return getattr(self._connection, name)

    def cursor(self):
        cursor = self._connection.cursor()  # Django's wrapper: health check, thread check, query log
        driver = self._connection.connection
        if getattr(driver, "prepare_threshold", None) is not None:
            cursor.cursor = _KeptStatementCursor(driver)
        return cursor


class _KeptStatementCursor(ServerBindingCursor):
    def execute(self, query, params=None, **options):
        return super().execute(query, params, prepare=True, **options)

    def _maybe_prepare_gen(self, pgq, **options):
        self._query = pgq  # psycopg leaves it unset for a kept statement; Django's query log reads the SQL there
        return super()._maybe_prepare_gen(pgq, **options)


def _compile(build: Callable[..., QuerySet], shape: Shape) -> _Compiled | None:
    stand_ins, args = [], []
    for length in shape:
        at = len(stand_ins)
        if length == _MOMENT:
            chosen = [_MOMENT_STAND_IN + datetime.timedelta(microseconds=at)]
        else:
            chosen = list(range(_STAND_IN + at, _STAND_IN + at + (1 if length is None else length)))
        stand_ins += chosen
        args.append(chosen if isinstance(length, int) else chosen[0])
    queryset = build(*args)
    compiler = queryset.query.get_compiler(using=queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return None
    ids = {value: at for at, value in enumerate(stand_ins) if isinstance(value, int)}
    adapt = connections[compiler.using].ops.adapt_datetimefield_value
    moments = {adapt(value): at for at, value in enumerate(stand_ins) if _is_moment(value)}
    slots = tuple((position, ids[value]) for position, value in enumerate(params)
                  if isinstance(value, int) and not isinstance(value, bool) and value in ids)
    moment_slots = tuple((position, moments[value]) for position, value in enumerate(params)
                         if isinstance(value, (str, datetime.datetime)) and value in moments)
    missing = set(range(len(stand_ins))) - {at for _, at in slots + moment_slots}
    if missing or any(str(stand_in) in sql for stand_in in stand_ins):
        raise ValueError(f"{build!r}: arguments {sorted(missing)} are not parameters of the query")
    return _Compiled(queryset, compiler, sql, tuple(params), slots, moment_slots)
