"""Production settings pass Django's deployment checks when configured as the README says."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def deploy_check(**environment: str) -> subprocess.CompletedProcess:
    env = {**os.environ, **environment}
    env.pop("DJANGO_DEBUG", None)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def test_configured_production_passes_check_deploy():
    result = deploy_check(
        DJANGO_SECRET_KEY="a-long-random-production-key-" + "k7Qp2xZr9w" * 4,
        DJANGO_ALLOWED_HOSTS="debates.example.org",
        DJANGO_HTTPS="1",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_development_key_is_flagged_for_production():
    result = deploy_check(DJANGO_SECRET_KEY="", DJANGO_ALLOWED_HOSTS="debates.example.org", DJANGO_HTTPS="1")
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr
