"""The benchmark of issue 10: the real stack (gunicorn, PostgreSQL, Redis) under concurrent clients.

`python manage.py benchmark` (organization/management/commands/benchmark.py) drives it; this package holds
the parts: the settings gunicorn runs with, the bare view, the server, the client and the report.
"""
