"""Which of several tables hold a row pointing at one record, in one query whose SQL is built once.

Most incidents have no investigation entries, matches, claims, contacts or follow-ups; asking each app for its
rows cost a query built through the ORM per table, about a millisecond of CPU each, to find nothing.

A page that asks about one record several times reads every table it will need once, with
`remember_rows_present(record, probes)`; `rows_present(record, probes)` then answers from that memory, kept on
that record object only, so nothing outlives the request that read it.
"""

import functools

from django.db import connection, models

# A model and the path of foreign keys from it to the record: "incident", or "item__incident" through one more.
Probe = tuple[type[models.Model], str]


def rows_exist(pk, probes: tuple[Probe, ...]) -> list[bool]:
    """For each (model, path) in `probes`, whether a row of it points at `pk`."""
    if not probes:
        return []
    with connection.cursor() as cursor:
        cursor.execute(_sql(probes), [pk] * len(probes))
        return [bool(value) for value in cursor.fetchone()]


def remember_rows_present(record, probes: tuple[Probe, ...]) -> None:
    """Read the probes for `record` now, in one query, and keep the answers on it for `rows_present`."""
    known = record.__dict__.setdefault("_rows_present", {})
    unknown = tuple(dict.fromkeys(probe for probe in probes if probe not in known))
    known.update(zip(unknown, rows_exist(record.pk, unknown), strict=True))


def rows_present(record, probes: tuple[Probe, ...]) -> list[bool]:
    """`rows_exist` for `record`, from what `remember_rows_present` read where it covered every probe."""
    known = record.__dict__.get("_rows_present", {})
    if all(probe in known for probe in probes):
        return [known[probe] for probe in probes]
    return rows_exist(record.pk, probes)


@functools.lru_cache(maxsize=64)
def _sql(probes: tuple[Probe, ...]) -> str:
    return "SELECT " + ", ".join(_exists(model, path) for model, path in probes)


def _exists(model: type[models.Model], path: str) -> str:
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    first, _, rest = path.partition("__")
    key = model._meta.get_field(first)
    if not rest:
        return f"EXISTS (SELECT 1 FROM {table} WHERE {quote(key.column)} = %s)"
    through = key.related_model
    joined = quote(through._meta.db_table)
    return (f"EXISTS (SELECT 1 FROM {table} JOIN {joined} ON {joined}.{quote(through._meta.pk.column)} = "
            f"{table}.{quote(key.column)} WHERE {joined}.{quote(through._meta.get_field(rest).column)} = %s)")
