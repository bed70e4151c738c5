"""Which search words are rare, from PostgreSQL's own statistics of the search index.

ANALYZE keeps the most common tokens of `incident_search_tokens` with their frequencies; a token not among
them is rarer than all of them (under 1 % of reports at a million). For a rare word the search index finds
every match at once, in a millisecond; walking the most urgent reports for it would read thousands of rows
to find none. For a common one it is the other way round: the index hands over tens of thousands of rows
(70–100 ms) where the walk finds a page in a few hundred.
"""

import time

from django.db import connection

INDEX = "incident_search_tokens"
KEEP_SECONDS = 300
_kept: dict = {"at": float("-inf"), "tokens": frozenset()}


def rare(tokens: list[str]) -> bool:
    """True when one of the tokens is rarer than every token the statistics list; False without statistics."""
    common = _common_tokens()
    return bool(common) and any(token not in common for token in tokens)


def _common_tokens() -> frozenset[str]:
    if connection.vendor != "postgresql":
        return frozenset()
    if time.monotonic() - _kept["at"] > KEEP_SECONDS:
        with connection.cursor() as cursor:
            cursor.execute("SELECT most_common_elems::text::text[] FROM pg_stats WHERE tablename = %s", [INDEX])
            row = cursor.fetchone()
        _kept.update(at=time.monotonic(), tokens=frozenset(row[0] or ()) if row else frozenset())
    return _kept["tokens"]
