"""Production settings plus what only the benchmark needs; gunicorn runs with these.

Everything else comes from lostfound.settings and the environment (DJANGO_SECURE=1, DEBUG off), so
the pages are measured as production serves them.
"""

from lostfound.settings import *  # noqa: F403

# Mounts the bare view (one indexed query) beside every real page; never in production.
ROOT_URLCONF = "lostfound.benchmark.urls"
# The clients stand for many customers behind one proxy: each status-page request carries its own
# X-Forwarded-For, so the public rate limit counts customers, not the benchmark's single address.
TRUSTED_PROXY_COUNT = 1
# The dashboard is measured computing its figures, not serving them from its short cache.
DASHBOARD_CACHE_SECONDS = 0
