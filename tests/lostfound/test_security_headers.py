from django.urls import reverse


def test_pages_forbid_inline_and_foreign_scripts(client, db):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "frame-ancestors 'none'" in policy
    assert "onchange=" not in response.content.decode()
