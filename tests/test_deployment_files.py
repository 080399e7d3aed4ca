"""The files in deploy/ are valid for the tools that read them: gunicorn's configuration
loads the application, nginx accepts the site, systemd accepts the units. The nginx and
systemd checks run where those tools are installed (CI's Debian has systemd-analyze;
nginx only where someone installed it) and are skipped elsewhere."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
VENV_BIN = Path(sys.executable).parent


def _run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        command, capture_output=True, text=True, timeout=60, **kwargs
    )


def test_gunicorn_accepts_the_configuration_and_loads_the_application():
    gunicorn = VENV_BIN / "gunicorn"
    if not gunicorn.exists():
        pytest.skip("gunicorn is not installed beside this Python")
    environment = {
        **os.environ,
        "SECRET_KEY": "check-config-only",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "charte.example.org",
        "GUNICORN_WORKERS": "3",
    }
    result = _run(
        [str(gunicorn), "--check-config", "-c", "deploy/gunicorn.conf.py"],
        cwd=ROOT,
        env=environment,
    )
    assert result.returncode == 0, result.stderr
    printed = _run(
        [str(gunicorn), "--print-config", "-c", "deploy/gunicorn.conf.py"],
        cwd=ROOT,
        env=environment,
    ).stdout
    settings = {
        key.strip(): value.strip()
        for key, _, value in (line.partition("=") for line in printed.splitlines())
    }
    assert settings["workers"] == "3"
    assert settings["wsgi_app"] == "config.wsgi:application"
    assert settings["max_requests_jitter"] == "100"
    assert settings["accesslog"] == "-"


def test_the_default_number_of_workers_is_capped():
    code = (
        "import runpy, multiprocessing; multiprocessing.cpu_count = lambda: 64; "
        "print(runpy.run_path('deploy/gunicorn.conf.py')['workers'])"
    )
    environment = {k: v for k, v in os.environ.items() if k != "GUNICORN_WORKERS"}
    result = _run([sys.executable, "-c", code], cwd=ROOT, env=environment)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "12"


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed")
def test_nginx_accepts_the_site(tmp_path):
    """The site as shipped, with the certificate, ports and folders moved to a temporary
    place (nginx checks that certificates exist)."""
    certificate, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    made = _run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=charte.example.org",
            "-keyout",
            str(key),
            "-out",
            str(certificate),
        ]
    )
    if made.returncode != 0:
        pytest.skip("openssl cannot make a test certificate")
    site = (DEPLOY / "nginx" / "charte.conf").read_text()
    for old, new in {
        "/etc/letsencrypt/live/charte.example.org/fullchain.pem": str(certificate),
        "/etc/letsencrypt/live/charte.example.org/privkey.pem": str(key),
        "/srv/charte/": f"{tmp_path}/",
        "/var/www/letsencrypt": str(tmp_path),
    }.items():
        assert old in site
        site = site.replace(old, new)
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"""
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
events {{}}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {tmp_path}/body;
    proxy_temp_path {tmp_path}/proxy;
    fastcgi_temp_path {tmp_path}/fastcgi;
    uwsgi_temp_path {tmp_path}/uwsgi;
    scgi_temp_path {tmp_path}/scgi;
    include {tmp_path}/site.conf;
}}
"""
    )
    result = _run(["nginx", "-t", "-q", "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)])
    assert result.returncode == 0, result.stderr


def test_nginx_refuses_what_the_application_refuses():
    """client_max_body_size is MAX_REQUEST_BYTES's default; the protected location is
    internal and aliases MEDIA_ROOT; the proxy headers are those the settings expect."""
    from django.conf import settings

    site = (DEPLOY / "nginx" / "charte.conf").read_text()
    assert "client_max_body_size 11m;" in site
    assert settings.EVIDENCE_MAX_BYTES + 1024 * 1024 == 11 * 1024 * 1024
    protected = site.split("location /protected-media/ {", 1)[1].split("}", 1)[0]
    assert "internal;" in protected and "alias /srv/charte/media/;" in protected
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in site
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in site
    env = (DEPLOY / "charte.env.example").read_text()
    for line in (
        "PROTECTED_MEDIA_ACCEL_PREFIX=/protected-media/",
        "MEDIA_ROOT=/srv/charte/media",
        "TRUSTED_PROXY_COUNT=1",
        "PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO",
        "MAX_REQUEST_BYTES=11534336",
    ):
        assert line in env.splitlines()


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze")
def test_systemd_accepts_the_units(tmp_path):
    """systemd-analyze verify, with the virtual environment's path replaced by this one's
    (it checks that the programs exist)."""
    units = []
    for unit in sorted((DEPLOY / "systemd").iterdir()):
        text = unit.read_text().replace("/srv/charte/venv/bin", str(VENV_BIN))
        (tmp_path / unit.name).write_text(text)
        units.append(str(tmp_path / unit.name))
    result = _run(["systemd-analyze", "verify", *units], cwd=tmp_path)
    if "Failed to" in result.stderr and "bus" in result.stderr.lower():
        pytest.skip(f"systemd-analyze cannot run here: {result.stderr.strip()[:200]}")
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == ""


def test_nginx_limits_the_posts_of_every_form_that_sends_e_mail():
    """The map's pattern (PCRE, read here with Python's re) matches a POST to each form
    that sends e-mail, and nothing else; the location applies the zone and answers 429."""
    import re

    from django.urls import reverse

    site = (DEPLOY / "nginx" / "charte.conf").read_text()
    pattern = re.search(r'"~(\^POST:[^"]+)" \$binary_remote_addr;', site).group(1)
    for url in (
        reverse("signatories:application_create"),
        reverse("accounts:password_reset"),
        reverse("signatories:team", args=[12]),
        reverse("followup:report_receipt", args=[12, 3]),
    ):
        assert re.search(pattern, f"POST:{url}"), url
        assert not re.search(pattern, f"GET:{url}"), url
    assert not re.search(pattern, "POST:" + reverse("accounts:login"))
    assert not re.search(pattern, "POST:" + reverse("followup:report_edit", args=[12, 3]))
    assert "limit_req_zone $charte_mail_client zone=charte_mail:10m rate=6r/m;" in site
    assert "limit_req zone=charte_mail burst=5 nodelay;" in site
    assert "limit_req_status 429;" in site
