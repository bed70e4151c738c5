"""Django's PostgreSQL backend with one change to its bulk inserts (compiler.py).

Settings choose it for every postgres:// DATABASE_URL.
"""
