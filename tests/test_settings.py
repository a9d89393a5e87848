"""Production settings pass Django's deployment checks when configured as docs/operations.md says, and
believe a proxy's X-Forwarded-Proto only when told a proxy is there."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PRODUCTION = {
    "DJANGO_SECRET_KEY": "a-long-random-production-key-" + "k7Qp2xZr9w" * 4,
    "DJANGO_ALLOWED_HOSTS": "debates.example.org",
    "DJANGO_HTTPS": "1",
}


def deploy_check(**environment: str) -> subprocess.CompletedProcess:
    env = {**os.environ, **environment}
    env.pop("DJANGO_DEBUG", None)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def test_configured_production_passes_check_deploy():
    result = deploy_check(**PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_behind_a_proxy_passes_check_deploy():
    result = deploy_check(**PRODUCTION, DJANGO_PROXY_COUNT="1")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_development_key_is_flagged_for_production():
    result = deploy_check(DJANGO_SECRET_KEY="", DJANGO_ALLOWED_HOSTS="debates.example.org", DJANGO_HTTPS="1")
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


# Asks for a page that needs no database, as a client that claims to have come over HTTPS.
CLAIMS_HTTPS = """
import django
django.setup()
from django.test import Client
response = Client().get("/no-such-page/", headers={"Host": "debates.example.org", "X-Forwarded-Proto": "https"})
print(response.status_code, response.get("Location", ""))
"""


def answer_to_https_claim(**environment: str) -> str:
    env = {**os.environ, **PRODUCTION, **environment, "DJANGO_SETTINGS_MODULE": "hansard_site.settings"}
    env.pop("DJANGO_DEBUG", None)
    result = subprocess.run(
        [sys.executable, "-c", CLAIMS_HTTPS], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_a_client_cannot_claim_https_when_no_proxy_is_configured():
    """Anyone can send X-Forwarded-Proto: without a proxy it is ignored, and HTTP is redirected."""
    assert answer_to_https_claim() == "301 https://debates.example.org/no-such-page/"


def test_behind_a_configured_proxy_its_https_header_is_believed():
    assert answer_to_https_claim(DJANGO_PROXY_COUNT="1") == "404"
