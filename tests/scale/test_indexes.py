"""No table of ours keeps an index that another index of it already serves (issue 10.4).

A b-tree index whose columns lead another index of the same table answers nothing the longer one cannot, and every
insert pays for it. Django makes one for each foreign key unless told `db_index=False`.
"""

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="reads PostgreSQL's catalog"),
]

LEADING_INDEXES = """
    with index as (
        select table_class.relname as table_name, index_class.relname as index_name,
               string_to_array(i.indkey::text, ' ')::int[] as columns,
               string_to_array(i.indclass::text, ' ')::oid[] as operator_classes,
               i.indisunique as is_unique, i.indpred is not null as is_partial, i.indexprs is not null as has_expression,
               method.amname as method
        from pg_index i
        join pg_class index_class on index_class.oid = i.indexrelid
        join pg_class table_class on table_class.oid = i.indrelid
        join pg_am method on method.oid = index_class.relam
        where table_class.relname = any(%s)
    )
    select shorter.table_name, shorter.index_name, longer.index_name
    from index shorter join index longer
      on longer.table_name = shorter.table_name and longer.index_name <> shorter.index_name
    where shorter.method = 'btree' and longer.method = 'btree'
      and not shorter.is_unique and not shorter.is_partial and not longer.is_partial
      and not shorter.has_expression and not longer.has_expression
      and cardinality(shorter.columns) <= cardinality(longer.columns)
      and shorter.columns = longer.columns[1:cardinality(shorter.columns)]
      and shorter.operator_classes = longer.operator_classes[1:cardinality(shorter.columns)]
    order by 1, 2, 3
"""


def _our_tables() -> list[str]:
    """The project's own tables; Django's, the libraries' and the automatic many-to-many ones are theirs."""
    ours = [config for config in apps.get_app_configs()
            if config.path.startswith(str(settings.BASE_DIR)) and "site-packages" not in config.path]
    return [model._meta.db_table for config in ours for model in config.get_models() if model._meta.managed]


def test_no_index_of_ours_leads_another():
    with connection.cursor() as cursor:
        cursor.execute(LEADING_INDEXES, [_our_tables()])
        redundant = [f"{table}: {shorter} is the start of {longer}" for table, shorter, longer in cursor.fetchall()]
    assert redundant == []


def test_the_check_sees_a_leading_index():
    with connection.cursor() as cursor:
        cursor.execute("create index test_leading_site on incidents_incident (site_id)")
        cursor.execute(LEADING_INDEXES, [["incidents_incident"]])
        found = {shorter for _, shorter, _ in cursor.fetchall()}
    assert "test_leading_site" in found


def test_every_index_and_constraint_the_models_declare_is_in_the_database():
    with connection.cursor() as cursor:
        cursor.execute("select indexname from pg_indexes union select conname from pg_constraint")
        present = {name for (name,) in cursor.fetchall()}
    declared = {(model._meta.db_table, item.name) for model in apps.get_models()
                for item in [*model._meta.indexes, *model._meta.constraints]}
    assert sorted((table, name) for table, name in declared if name not in present) == []
