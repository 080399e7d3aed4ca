"""gunicorn's configuration: ``gunicorn -c deploy/gunicorn.conf.py`` from the project's root.

Every value can be changed from the environment (the systemd unit's EnvironmentFile, or the
container's environment):

- ``GUNICORN_BIND``: where to listen, ``127.0.0.1:8000`` by default (behind nginx on the
  same machine); ``0.0.0.0:8000`` in a container; ``unix:/run/charte/gunicorn.sock``.
- ``GUNICORN_WORKERS``: processes; by default 2 per core + 1, at most 12.
- ``GUNICORN_THREADS``: threads per process, 1 by default (sync workers).
- ``GUNICORN_TIMEOUT``: seconds a request may take before its worker is restarted (60).
- ``GUNICORN_GRACEFUL_TIMEOUT``: seconds given to requests under way on a restart (30).
- ``GUNICORN_MAX_REQUESTS``: a worker is replaced after this many requests (1000, with up
  to 10% of jitter so that they do not all restart at once); 0 never.
- ``GUNICORN_FORWARDED_ALLOW_IPS``: the proxies whose X-Forwarded-* headers gunicorn
  believes (127.0.0.1 by default: nginx on the same machine).

The application's own settings come from the same environment (config/settings.py).
Logs go to stdout as JSON lines, like the application's: the access log one line per
request with its id (X-Request-ID), status, size and duration.
"""

import json
import logging
import multiprocessing
import os
from datetime import UTC, datetime

from gunicorn.glogging import Logger


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


wsgi_app = "config.wsgi:application"

bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")]
workers = _int("GUNICORN_WORKERS", 0) or min(2 * multiprocessing.cpu_count() + 1, 12)
threads = _int("GUNICORN_THREADS", 1)

# The PDFs are made by the task worker, not in requests: a request that takes a minute is
# stuck, and its worker is replaced.
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = 5  # behind nginx, which keeps its connections to gunicorn short

# Replace workers now and then: memory a long-lived process gathers is given back.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = max_requests // 10

# X-Forwarded-Proto and X-Forwarded-For are believed only from these addresses. Django
# reads the client's address itself (TRUSTED_PROXY_COUNT) and HTTPS from PROXY_SSL_HEADER.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Workers' heartbeat files in memory, not on a disk that may be slow (or read-only).
_SHM = "/dev/shm"  # noqa: S108 (gunicorn's documented choice; only heartbeat files)
worker_tmp_dir = _SHM if os.path.isdir(_SHM) else None

# Requests: gunicorn's limits on the request line and headers; the body's size is the
# application's (MAX_REQUEST_BYTES) and nginx's (client_max_body_size).
limit_request_line = 8190
limit_request_fields = 100

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
proc_name = "charte-web"

# gunicorn 24+ opens a control socket in the home directory; systemd or the container
# runtime control the process here, and the home directory is read-only under systemd.
control_socket_disable = True


class JsonLogger(Logger):
    """gunicorn's logger writing JSON lines: the error log with the fields of
    config.logging.JsonFormatter, the access log with the request's fields too."""

    class _Json(logging.Formatter):
        def format(self, record: logging.LogRecord) -> str:
            entry = {
                "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(),
                "level": record.levelname,
                "logger": record.name,
                "message": record.getMessage(),
                "request_id": "-",
            }
            if record.exc_info:
                entry["exception"] = self.formatException(record.exc_info)
            return json.dumps(entry, ensure_ascii=False)

    def setup(self, cfg) -> None:
        super().setup(cfg)
        for handler in self.error_log.handlers:
            handler.setFormatter(self._Json())
        for handler in self.access_log.handlers:
            handler.setFormatter(logging.Formatter("%(message)s"))

    def access(self, resp, req, environ, request_time) -> None:
        if not self.cfg.accesslog:
            return
        status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
        headers = {name.lower(): value for name, value in resp.headers}
        method, path = environ.get("REQUEST_METHOD", "-"), environ.get("PATH_INFO", "-")
        entry = {
            "time": datetime.now(UTC).isoformat(),
            "level": "INFO",
            "logger": "gunicorn.access",
            "message": f"{method} {path} {status}",
            "request_id": headers.get("x-request-id", "-"),
            "method": method,
            "path": path,
            "status": int(status) if str(status).isdigit() else status,
            "bytes": getattr(resp, "sent", None),
            "duration_ms": round(request_time.total_seconds() * 1000, 1),
            "remote_addr": environ.get("REMOTE_ADDR", "-"),
            "forwarded_for": environ.get("HTTP_X_FORWARDED_FOR", ""),
            "user_agent": environ.get("HTTP_USER_AGENT", ""),
        }
        try:
            self.access_log.info(json.dumps(entry, ensure_ascii=False))
        except Exception:
            self.exception("Could not write an access log line")


logger_class = JsonLogger
