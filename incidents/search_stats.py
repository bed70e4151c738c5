"""How common search words are, from PostgreSQL's own statistics of the reports' tokens.

ANALYZE keeps the most common tokens of the reports (the statistics `incident_search_tokens`, migration 0005)
with the share of reports holding each, and the smallest of those shares: a token not listed is rarer than
that (under 1 % of reports at a million). PostgreSQL shows extended statistics only to the table's owner: a
database user that does not own the incidents table sees none, and every word is then walked first.
For a rare word the search index finds every match at once, in a few milliseconds; walking the most urgent
reports for it would read thousands of rows to find too few. For a common one it is the other way round: the
index hands over tens of thousands of rows (70–100 ms) where the walk finds a page in a few hundred.
"""

import time
from dataclasses import dataclass, field

from django.db import connection

STATISTICS = "incident_search_tokens"
KEEP_SECONDS = 300


@dataclass(frozen=True)
class Shares:
    """The listed tokens' shares of reports, and the share every unlisted token is below (0: no statistics)."""

    listed: dict[str, float] = field(default_factory=dict)
    floor: float = 0.0


_kept: dict = {"at": float("-inf"), "shares": Shares()}


def rare(tokens: list[str], *, below: float) -> bool:
    """True when the statistics put the reports holding all the tokens under the share `below`; False without
    statistics or tokens."""
    shares = _shares()
    if not shares.floor or not tokens:
        return False
    return min(shares.listed.get(token, shares.floor) for token in tokens) < below


def _shares() -> Shares:
    if connection.vendor != "postgresql":
        return Shares()
    if time.monotonic() - _kept["at"] > KEEP_SECONDS:
        with connection.cursor() as cursor:
            cursor.execute("SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats_ext_exprs "
                           "WHERE statistics_name = %s", [STATISTICS])
            row = cursor.fetchone()
        _kept.update(at=time.monotonic(), shares=_read(*row) if row else Shares())
    return _kept["shares"]


def _read(tokens: list[str] | None, freqs: list[float] | None) -> Shares:
    # most_common_elem_freqs: one share per token, then the smallest, the largest and that of empty arrays.
    if not tokens or not freqs or len(freqs) < len(tokens) + 3:
        return Shares()
    return Shares(listed=dict(zip(tokens, freqs, strict=False)), floor=freqs[len(tokens)])
