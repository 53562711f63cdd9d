"""Gunicorn configuration for Ngopi Kamtibmas (docs/deploy.md).

    gunicorn -c deploy/gunicorn.conf.py ngopi.wsgi

Read from the environment (the systemd unit loads /etc/ngopi/env):

    GUNICORN_BIND          address to listen on; default 127.0.0.1:8000 (nginx on the same host).
                           A web host behind a separate nginx binds its private address.
    WEB_CONCURRENCY        worker processes; default 2 per CPU + 1, at most 9.
    GUNICORN_TIMEOUT       seconds a request may take before its worker is restarted; default 60
                           (a report with five 8 MB photos is re-encoded in the request).
    FORWARDED_ALLOW_IPS    addresses of the proxies whose X-Forwarded-Proto is believed;
                           default 127.0.0.1,::1. Django itself trusts X-Forwarded-For and
                           X-Forwarded-Proto only with NGOPI_PROXY_COUNT set (ngopi/core/http.py).

The access log goes to standard output (the journal under systemd) without the client's
address, query string, referrer or user agent, and with tracking codes and calendar tokens in
paths replaced by placeholders (ngopi/core/accesslog.py): a resident's address is never kept.
"""

import multiprocessing
import os

bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")]
workers = int(os.environ.get("WEB_CONCURRENCY") or min(2 * multiprocessing.cpu_count() + 1, 9))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests (jittered so they do not all restart at once).
max_requests = 2000
max_requests_jitter = 200
# Heartbeat files in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Request line and header limits as gunicorn's defaults; bodies are limited by nginx and Django.
limit_request_line = 4094
limit_request_fields = 100

# No control socket: under systemd there is no home to put it in; `systemctl reload` sends HUP.
control_socket_disable = True

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
logger_class = "ngopi.core.accesslog.PrivateAccessLogger"
# time, method, path (secrets replaced), status, bytes, milliseconds, worker pid
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms %(p)s'
proc_name = "ngopi-web"
