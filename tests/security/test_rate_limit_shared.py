"""The public token pages' rate limit: one count in the shared cache (Redis) for every web process, keyed on
the client address resolved through the trusted proxies (lostfound/client_ip.py)."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import redis
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from django.urls import reverse

from lostfound import settings as project_settings
from lostfound.client_ip import client_ip

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("RATE_LIMIT_TEST_REDIS_URL", "redis://127.0.0.1:6379/5")
# A window far longer than the test, so every process counts in the same one.
LONG_PERIOD = 10**8


def _request(remote="10.0.0.2", forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request("203.0.113.7", forwarded="192.0.2.1")) == "203.0.113.7"


def test_behind_one_proxy_the_client_is_the_hop_the_proxy_saw(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(_request("10.0.0.2", forwarded="203.0.113.7")) == "203.0.113.7"
    # Whatever the client wrote itself stands further left and is ignored.
    assert client_ip(_request("10.0.0.2", forwarded="192.0.2.1, 203.0.113.7")) == "203.0.113.7"


def test_behind_two_proxies_the_client_is_two_hops_back(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(_request("10.0.0.3", forwarded="192.0.2.1, 203.0.113.7, 10.0.0.2")) == "203.0.113.7"


def test_a_malformed_or_missing_hop_falls_back_to_the_peer(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(_request("10.0.0.2", forwarded="not-an-address")) == "10.0.0.2"
    assert client_ip(_request("10.0.0.2", forwarded="")) == "10.0.0.2"


def test_cache_url_chooses_redis_or_the_local_default(monkeypatch):
    monkeypatch.setenv("CACHE_URL", "redis://cache:6379/1")
    assert project_settings._caches()["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    monkeypatch.setenv("CACHE_URL", "")
    assert project_settings._caches()["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    monkeypatch.setenv("CACHE_URL", "memcached://cache:11211")
    with pytest.raises(ImproperlyConfigured):
        project_settings._caches()


@pytest.fixture
def shared_cache(settings):
    """The real Redis as the default cache, for this test only; its keys removed afterwards."""
    connection = redis.Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except redis.exceptions.ConnectionError as error:
        pytest.skip(f"Redis at {REDIS_URL} is not reachable: {error}")
    prefix = f"lf-test-{secrets.token_hex(4)}"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                                   "KEY_PREFIX": prefix}}
    yield connection
    for key in connection.scan_iter(f"{prefix}:*"):
        connection.delete(key)


def test_two_web_replicas_behind_their_proxies_share_one_limit(client, db, settings, shared_cache):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.PUBLIC_RATE_LIMITS = {"read": (3, LONG_PERIOD), "write": (3, LONG_PERIOD)}
    guess = reverse("public:status", args=["z" * 43])
    via_first = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    via_second = {"REMOTE_ADDR": "10.0.0.3", "HTTP_X_FORWARDED_FOR": "203.0.113.7"}

    answers = [client.get(guess, **via_first).status_code, client.get(guess, **via_second).status_code,
               client.get(guess, **via_first).status_code]
    refused = client.get(guess, **via_second)
    forged = client.get(guess, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.7")
    someone_else = client.get(guess, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.9")

    assert answers == [404, 404, 404]
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert forged.status_code == 429, "a hop the client wrote itself does not buy a new allowance"
    assert someone_else.status_code == 404
    assert any(b"public-rl:read:203.0.113.7:" in key for key in shared_cache.scan_iter("*public-rl*"))


_COUNT_IN_A_PROCESS = """
import json, sys
import django
django.setup()
from django.conf import settings
from django.test import RequestFactory
from incidents.public_ratelimit import hit
limit, period, address, tries = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
settings.PUBLIC_RATE_LIMITS = {"write": (limit, period)}
request = RequestFactory().post("/", REMOTE_ADDR=address)
print(json.dumps([hit(request, "write")[0] for _ in range(tries)]))
"""


def test_two_processes_count_against_one_limit_in_redis(tmp_path):
    connection = redis.Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except redis.exceptions.ConnectionError as error:
        pytest.skip(f"Redis at {REDIS_URL} is not reachable: {error}")
    limit, tries = 10, 8
    address = f"198.18.{secrets.randbelow(256)}.{secrets.randbelow(256)}"
    env = {**os.environ, "CACHE_URL": REDIS_URL, "DJANGO_SETTINGS_MODULE": "lostfound.settings",
           "VAR_DIR": str(tmp_path)}
    command = [sys.executable, "-c", _COUNT_IN_A_PROCESS, str(limit), str(LONG_PERIOD), address, str(tries)]
    try:
        processes = [subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
                     for _process in range(2)]
        results = [json.loads(process.communicate(timeout=120)[0]) for process in processes]
    finally:
        for key in connection.scan_iter(f"*public-rl:write:{address}:*"):
            connection.delete(key)

    allowed = sum(answer for result in results for answer in result)
    assert allowed == limit, f"{tries} tries in each of two processes, {allowed} allowed"
