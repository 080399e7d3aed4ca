"""The container's health check: GET /healthz from gunicorn inside the container.

Exits 0 when the application answers 200 (the database answers), 1 otherwise. The
request carries a Host that the application accepts (the first of ALLOWED_HOSTS) and
goes to the address gunicorn listens on (GUNICORN_BIND, port 8000 by default). The
standard library only: the image has no curl.
"""

import http.client
import os
import sys


def main() -> int:
    hosts = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
    host = (hosts[0].lstrip(".") if hosts and hosts[0] != "*" else "") or "localhost"
    bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
    port = int(bind.rsplit(":", 1)[-1]) if ":" in bind and not bind.startswith("unix:") else 8000
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/healthz", headers={"Host": host})
        status = connection.getresponse().status
    except OSError as error:
        print(f"unhealthy: {error}", file=sys.stderr)
        return 1
    finally:
        connection.close()
    if status != 200:
        print(f"unhealthy: /healthz answered {status}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
