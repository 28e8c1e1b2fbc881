"""gunicorn settings for production.

    gunicorn -c python:portal.ops.gunicorn_config 'portal:create_app()'

Every value can be changed from the environment (GUNICORN_BIND, GUNICORN_WORKERS, ...), so a
systemd unit or a container sets them without editing this file. gunicorn's own access log is
off: the portal writes one structured line per request itself, without personal data (see
portal/core/logs.py).
"""

import os


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Two processes with four threads each suit a two-core machine; pages mostly wait on the
# database, so threads give concurrency without the memory of more processes.
workers = _int("GUNICORN_WORKERS", 2)
threads = _int("GUNICORN_THREADS", 4)
worker_class = "gthread"
# A page that takes longer than this is stuck; the worker is replaced and the request fails.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 20)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Replace workers now and then so a slow leak in any library can never grow without bound.
max_requests = _int("GUNICORN_MAX_REQUESTS", 5000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 500)
# Only the reverse proxy on this machine may say which address and scheme a request came from.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
limit_request_line = 4094
limit_request_fields = 100
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
proc_name = "ips-portal"
# The app is loaded once, in the master, and each worker is a fork of it: a worker (a new one
# after max_requests too) starts at once and shares the loaded code's memory, instead of
# importing everything again (about 1.5 s of CPU each). The master opens no connections;
# post_fork makes sure no worker shares one all the same.
preload_app = True


def post_fork(server, worker):
    """Drop any database connection inherited from the master; the worker opens its own."""
    engine = getattr(worker.app.wsgi(), "extensions", {}).get("db_engine")
    if engine is not None:  # the benchmark's bare page has no database
        engine.dispose(close=False)
