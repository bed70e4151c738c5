"""The generated data set (issue #10): streamed bulk writes shared by every app's `dataset.py`, and the
organisation it runs in — sites, areas, departments and staff for every role at every site.

Rows are buffered per table for one chunk and written with PostgreSQL COPY (executemany on SQLite);
ids are given here, growing with time like the application's own, and the sequences are moved past
them at the end. Nothing holds more than one chunk.
"""

import contextlib
import datetime
import json
import queue
import random
import sys
import threading
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, models
from django.utils import timezone

from organization.models import Area, Department, DepartmentKind, DutyKind, DutyShift, Position, Site, StaffProfile
from organization.roles import Role

# Logins made here share one password (hashed once: hashing per user would take minutes).
DATASET_PASSWORD = "dataset-pass-2026"

SITE_NAMES = [
    ("上海静安广场", "Jing'an Plaza"), ("北京朝阳商城", "Chaoyang Mall"), ("广州天河酒店", "Tianhe Hotel"),
    ("深圳南山中心", "Nanshan Centre"), ("杭州西湖酒店", "West Lake Hotel"), ("成都春熙商场", "Chunxi Mall"),
    ("南京新街口广场", "Xinjiekou Plaza"), ("武汉江汉仓库", "Jianghan Warehouse"),
]
AREA_NAMES = [
    ("大堂", "Lobby"), ("停车场", "Car park"), ("客房", "Guest rooms"), ("餐厅", "Restaurant"), ("健身房", "Gym"),
    ("中庭", "Atrium"), ("美食广场", "Food court"), ("影院", "Cinema"), ("地下车库", "Garage"), ("泳池", "Pool"),
    ("会议室", "Meeting rooms"), ("电梯厅", "Lift lobby"),
]
# Staff per site and role; the company-wide roles once.
SITE_STAFF = [
    (Role.FRONT_DESK, DepartmentKind.CUSTOMER_SERVICE, Position.STAFF, 6),
    (Role.SECURITY_OFFICER, DepartmentKind.SECURITY, Position.STAFF, 6),
    (Role.CUSTODIAN, DepartmentKind.SECURITY, Position.STAFF, 3),
    (Role.MANAGER, DepartmentKind.CUSTOMER_SERVICE, Position.DEPARTMENT_MANAGER, 2),
    (Role.MANAGER, DepartmentKind.MANAGEMENT, Position.SITE_GENERAL_MANAGER, 1),
]
COMPANY_STAFF = [
    (Role.MANAGER, DepartmentKind.MANAGEMENT, Position.COMPANY_GENERAL_MANAGER, 1),
    (Role.LEGAL, DepartmentKind.LEGAL, Position.STAFF, 2),
    (Role.FINANCE, DepartmentKind.FINANCE, Position.STAFF, 2),
    (Role.ADMINISTRATOR, DepartmentKind.MANAGEMENT, Position.STAFF, 1),
]
COMPANY_DEPARTMENTS = {DepartmentKind.LEGAL, DepartmentKind.FINANCE}
STAFF_NAMES = ["王芳 Wang Fang", "李强 Li Qiang", "赵敏 Zhao Min", "陈静 Chen Jing", "刘洋 Liu Yang", "周伟 Zhou Wei",
               "孙丽 Sun Li", "吴敏 Wu Min", "郑浩 Zheng Hao", "黄磊 Huang Lei", "林娜 Lin Na", "何军 He Jun"]


_ESCAPE = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


class Json(str):
    """A JSON value already serialised (for the few shapes repeated on millions of rows)."""

    _cache: dict = {}

    @classmethod
    def of(cls, key, build) -> "Json":
        """The serialised `build()`, made once per `key` (a tuple naming the shape and its values)."""
        value = cls._cache.get(key)
        if value is None:
            value = cls._cache[key] = cls(json.dumps(build(), ensure_ascii=False))
        return value


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False).translate(_ESCAPE)


class _Formats(dict):
    """Formatters by exact type; a subclass (a TextChoices member is a str) takes its base's, found once."""

    def __missing__(self, kind: type):
        for base in kind.__mro__[1:]:
            if base in self:
                self[kind] = self[base]
                return self[base]
        raise TypeError(f"no COPY format for {kind.__name__}")


# COPY's text format, by the value's exact type (bool before int does not matter: the lookup is exact).
_TEXT = _Formats({
    str: lambda value: value.translate(_ESCAPE) if ("\\" in value or "\t" in value or "\n" in value or "\r" in value)
    else value,
    type(None): lambda value: "\\N",
    int: str,
    bool: lambda value: "t" if value else "f",
    datetime.datetime: datetime.datetime.isoformat,
    datetime.date: datetime.date.isoformat,
    Decimal: str,
    float: repr,
    dict: _json,
    list: _json,
    Json: lambda value: str.translate(value, _ESCAPE),
})


def _copy_text(table: "Table") -> bytes:
    text = _TEXT
    lines = ["\t".join([text[type(value)](value) for value in row]) for row in table.rows]
    lines.append("")
    return "\n".join(lines).encode()


def _copy(cursor, batch: list[tuple[str, bytes]]) -> None:
    """COPY each table's text on a psycopg 3 cursor, a megabyte at a time."""
    for sql, data in batch:
        with cursor.copy(sql) as copy:
            for start in range(0, len(data), 1 << 20):
                copy.write(data[start:start + (1 << 20)])


class _CopyWriter(threading.Thread):
    """Sends each chunk's COPY data on its own connection and commits it; psycopg waits without the GIL."""

    def __init__(self) -> None:
        super().__init__(name="dataset-copy", daemon=True)
        self.queue: queue.Queue = queue.Queue(maxsize=2)
        self.error: BaseException | None = None
        self.connection = connection.get_new_connection(connection.get_connection_params())
        self.start()

    def run(self) -> None:
        conn = self.connection
        try:
            with conn.cursor() as cursor:
                # Commits need not wait for the WAL flush: a crash loses the last chunks, never consistency.
                cursor.execute("SET synchronous_commit = off")
            conn.commit()
            while (batch := self.queue.get()) is not None:
                with conn.cursor() as cursor:
                    _copy(cursor, batch)
                conn.commit()
        except BaseException as error:  # reported to the generating thread at its next flush
            self.error = error
            while self.queue.get() is not None:  # drain, so the generating thread never blocks on a dead writer
                pass
        finally:
            conn.close()


class Table:
    """The rows of one table for the current chunk, with ids handed out in order."""

    def __init__(self, model: type[models.Model], columns: list[str], first_id: int) -> None:
        self.model = model
        self.columns = columns
        self.fields = [model._meta.get_field(name) for name in columns]
        self.json_columns = [i for i, f in enumerate(self.fields) if isinstance(f, models.JSONField)]
        self.rows: list[tuple] = []
        self.name = connection.ops.quote_name(model._meta.db_table)
        self.column_list = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
        self.copy_sql = f"COPY {self.name} ({self.column_list}) FROM STDIN"
        self.next_id = first_id
        self.written = 0

    def allocate(self) -> int:
        pk = self.next_id
        self.next_id += 1
        return pk

    def add(self, row: tuple) -> None:
        self.rows.append(row)


class Bulk:
    """Every table the generator writes, flushed together once per chunk (constant memory)."""

    def __init__(self) -> None:
        self.postgres = connection.vendor == "postgresql"
        # Inside a caller's transaction (tests) everything goes through that transaction's connection;
        # otherwise a second connection sends the rows while the next chunk is generated.
        self.threaded = self.postgres and not connection.in_atomic_block
        self.tables: dict[type[models.Model], Table] = {}
        self.writer: _CopyWriter | None = None
        self.writer_done = False

    def table(self, model: type[models.Model], columns: list[str]) -> Table:
        if model not in self.tables:
            if columns[0] != "id":
                raise ValueError("the first column is the id")
            last = model.objects.aggregate(last=models.Max("id"))["last"] or 0
            self.tables[model] = Table(model, columns, last + 1)
        return self.tables[model]

    def flush(self) -> None:
        """Write the chunk's rows. On PostgreSQL a second connection sends them (COPY, one transaction per
        chunk) while the next chunk is generated; at most two chunks wait, so memory stays flat."""
        if self.postgres:
            self._raise_writer_error()
            batch = []
            for table in self.tables.values():
                if table.rows:
                    batch.append((table.copy_sql, _copy_text(table)))
                    table.written += len(table.rows)
                    table.rows = []
            if not self.threaded:
                with connection.cursor() as cursor:
                    _copy(cursor.cursor, batch)
                return
            if self.writer is None:
                self.writer = _CopyWriter()
            self.writer.queue.put(batch)
            return
        with connection.cursor() as cursor:
            for table in self.tables.values():
                if table.rows:
                    prep = [f.get_db_prep_save for f in table.fields]
                    marks = ", ".join(["%s"] * len(table.fields))
                    rows = [[p(json.loads(v) if type(v) is Json else v, connection) for p, v in zip(prep, row, strict=True)]
                            for row in table.rows]
                    cursor.executemany(f"INSERT INTO {table.name} ({table.column_list}) VALUES ({marks})", rows)
                    table.written += len(table.rows)
                    table.rows = []

    @contextlib.contextmanager
    def without_indexes(self):
        """Load with the written tables' secondary indexes, unique and foreign-key constraints set aside,
        then put every one back exactly as it was (PostgreSQL): one sort per index and one validating
        join per key instead of a B-tree insert and a key check per row. Check constraints and triggers
        stay. Put back even when the load fails, so the schema is never left short."""
        if not self.threaded:
            yield
            return
        names = [table.model._meta.db_table for table in self.tables.values()]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), contype FROM pg_constraint "
                "WHERE conrelid = ANY(%s::regclass[]) AND contype IN ('f', 'u') ORDER BY contype DESC", [names])
            constraints = cursor.fetchall()
            cursor.execute(
                "SELECT schemaname, indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) AND indexname NOT IN "
                "(SELECT conname FROM pg_constraint WHERE conrelid = ANY(%s::regclass[]) AND contype IN ('p', 'u'))",
                [names, names])
            indexes = cursor.fetchall()
            # Foreign keys first (they may lean on a unique constraint), then unique constraints, then indexes.
            for table, name, _definition, _kind in sorted(constraints, key=lambda row: row[3] != "f"):
                cursor.execute(f"ALTER TABLE {connection.ops.quote_name(table)} DROP CONSTRAINT "
                               f"{connection.ops.quote_name(name)}")
            for schema, name, _definition in indexes:
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(schema)}.{connection.ops.quote_name(name)}")
        try:
            yield
        finally:
            if self.writer is not None:
                self.writer.queue.put(None)
                self.writer.join()
                self.writer_done = True
            sys.stderr.write(f"\nRebuilding {len(indexes)} indexes and {len(constraints)} constraints…\n")
            with connection.cursor() as cursor:
                cursor.execute("SET maintenance_work_mem = '256MB'")
                for _schema, _name, definition in indexes:
                    cursor.execute(definition)
                for table, name, definition, _kind in sorted(constraints, key=lambda row: row[3] != "u"):
                    cursor.execute(f"ALTER TABLE {connection.ops.quote_name(table)} ADD CONSTRAINT "
                                   f"{connection.ops.quote_name(name)} {definition}")

    def _raise_writer_error(self) -> None:
        if self.writer is not None and self.writer.error is not None:
            raise self.writer.error

    def finish(self) -> None:
        """Wait for the last chunk, then move each id sequence past the ids given here."""
        if not self.postgres:
            return
        if self.writer is not None:
            if not self.writer_done:
                self.writer.queue.put(None)
                self.writer.join()
            self._raise_writer_error()
        with connection.cursor() as cursor:
            for table in self.tables.values():
                db_table = table.model._meta.db_table
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                    f"GREATEST((SELECT MAX(id) FROM {connection.ops.quote_name(db_table)}), 1))",
                    [db_table],
                )

    def vacuum(self) -> None:
        """VACUUM ANALYZE what was written (PostgreSQL), as autovacuum would in time: the planner gets the
        tables' statistics, and index-only scans a visibility map (without it the incident list skipped
        10,000 rows through the wrong index)."""
        if not self.threaded:
            return
        sys.stderr.write("Vacuuming and analysing the written tables…\n")
        with connection.cursor() as cursor:
            for table in self.tables.values():
                cursor.execute(f"VACUUM ANALYZE {table.name}")

    def counts(self) -> dict[str, int]:
        return {table.model._meta.db_table: table.written for table in self.tables.values()}


@dataclass
class SiteWorld:
    site: Site
    areas: list[Area]
    staff: dict[str, list]  # role → users at this site (managers by position under "manager:<position>")

    def first(self, key: str):
        return self.staff[key][0]


@dataclass
class World:
    """What every app's generator needs: the sites, their staff and the shared random source and clock."""

    rng: random.Random
    until: datetime.datetime
    start: datetime.datetime
    sites: list[SiteWorld]
    company: dict[str, list]
    bulk: Bulk = field(default_factory=Bulk)


def build_organisation(*, rng: random.Random, sites: int) -> tuple[list[SiteWorld], dict[str, list]]:
    """Sites DS01…, their areas and departments, and staff per role (reused when they already exist)."""
    from policy.seed import install_defaults

    install_defaults()
    password = make_password(DATASET_PASSWORD)
    groups = {group.name: group for group in Group.objects.all()}
    company_departments = {
        kind: Department.objects.get_or_create(site=None, kind=kind, defaults={"name": str(DepartmentKind(kind).label)})[0]
        for kind in COMPANY_DEPARTMENTS
    }
    worlds = []
    for number in range(1, sites + 1):
        zh, en = SITE_NAMES[(number - 1) % len(SITE_NAMES)]
        code = f"DS{number:02d}"
        site, _ = Site.objects.get_or_create(
            code=code, defaults={"name": f"{zh} {en}", "phone": f"021-6{number:03d}8000", "time_zone": "Asia/Shanghai"}
        )
        names = rng.sample(AREA_NAMES, k=min(len(AREA_NAMES), 6 + number % 5))
        areas = [Area.objects.get_or_create(site=site, name=f"{a} {b}")[0] for a, b in names]
        departments = {
            kind: Department.objects.get_or_create(site=site, kind=kind, defaults={"name": str(DepartmentKind(kind).label)})[0]
            for kind in DepartmentKind.values if kind not in COMPANY_DEPARTMENTS
        }
        staff: dict[str, list] = {}
        for role, kind, position, count in SITE_STAFF:
            key = role if position in (Position.STAFF,) else f"{role}:{position}"
            for index in range(1, count + 1):
                user = _staff_user(
                    username=f"{code.lower()}-{role.replace('_', '')}-{position.split('_')[0]}-{index}",
                    name=STAFF_NAMES[(number * 7 + index + len(staff)) % len(STAFF_NAMES)], password=password,
                    group=groups[role], department=departments[kind], position=position, sites=[site],
                    is_staff=role == Role.MANAGER,
                )
                staff.setdefault(key, []).append(user)
        staff[Role.MANAGER] = staff[f"{Role.MANAGER}:{Position.DEPARTMENT_MANAGER}"]
        _roster(site, staff)
        worlds.append(SiteWorld(site=site, areas=areas, staff=staff))
    company: dict[str, list] = {}
    for role, kind, position, count in COMPANY_STAFF:
        department = company_departments.get(kind) or Department.objects.get_or_create(
            site=worlds[0].site, kind=kind, defaults={"name": str(DepartmentKind(kind).label)})[0]
        for index in range(1, count + 1):
            company.setdefault(role, []).append(_staff_user(
                username=f"ds-{role.replace('_', '')}-{index}", name=STAFF_NAMES[index % len(STAFF_NAMES)],
                password=password, group=groups[role], department=department, position=position, sites=[],
                is_staff=role in (Role.MANAGER, Role.LEGAL, Role.ADMINISTRATOR), all_sites=True,
            ))
    return worlds, company


def _roster(site: Site, staff: dict[str, list]) -> None:
    """Round-the-clock duty for the past two years and the next month, so alerts always find someone."""
    if DutyShift.objects.filter(site=site).exists():
        return
    now = timezone.now()
    starts, ends = now - datetime.timedelta(days=800), now + datetime.timedelta(days=30)
    for kind, key in [(DutyKind.DUTY_MANAGER, Role.MANAGER), (DutyKind.CENTRAL_CONTROL, Role.SECURITY_OFFICER),
                      (DutyKind.SECURITY_CAPTAIN, Role.SECURITY_OFFICER), (DutyKind.SECURITY_OFFICER, Role.SECURITY_OFFICER)]:
        DutyShift.objects.create(site=site, kind=kind, user=staff[key][0], starts_at=starts, ends_at=ends)


def _staff_user(*, username, name, password, group, department, position, sites, is_staff, all_sites=False):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"first_name": name, "email": f"{username}@dataset.example", "password": password, "is_staff": is_staff},
    )
    if created:
        user.groups.add(group)
        profile = StaffProfile.objects.create(
            user=user, department=department, position=position, all_sites=all_sites,
            phone=f"139{user.pk % 10**8:08d}",
        )
        profile.sites.set(sites)
    return user
