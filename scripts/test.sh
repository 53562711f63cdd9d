#!/usr/bin/env bash
# Runs the test suite. Uses PostgreSQL and Redis on 127.0.0.1 when they answer there;
# with CI set they are required (a missing service fails the run instead of skipping).
set -euo pipefail
cd "$(dirname "$0")/.."

port_open() {
    .venv/bin/python - "$1" <<'PY'
import socket, sys
try:
    socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1).close()
except OSError:
    sys.exit(1)
PY
}

if [[ -z "${DATABASE_URL:-}" ]]; then
    if port_open 5432; then
        export DATABASE_URL="postgres://postgres@127.0.0.1:5432/ngopi"
    elif [[ -n "${CI:-}" ]]; then
        echo "CI is set but PostgreSQL does not answer on 127.0.0.1:5432" >&2
        exit 1
    else
        echo "PostgreSQL not found on 127.0.0.1:5432: testing on SQLite" >&2
    fi
fi
if [[ -z "${REDIS_URL:-}" ]]; then
    if port_open 6379; then
        export REDIS_URL="redis://127.0.0.1:6379/15"
    elif [[ -n "${CI:-}" ]]; then
        echo "CI is set but Redis does not answer on 127.0.0.1:6379" >&2
        exit 1
    else
        echo "Redis not found on 127.0.0.1:6379: testing with the file cache and filesystem broker" >&2
    fi
fi
export SECRET_KEY="${SECRET_KEY:-test-secret-key-not-for-production-0123456789abcdef}"
export DEBUG=0
export SECURE_SSL_REDIRECT="${SECURE_SSL_REDIRECT:-0}"  # servers the tests start speak plain HTTP
# A fixed key for the tests only (reporter identities at rest; DEBUG off requires one).
export NGOPI_IDENTITY_KEYS="${NGOPI_IDENTITY_KEYS:-Dyna-hvlgKVit7LwbusUvdA3jxwnW6H5HNOmAbv2D-k=}"
export NGOPI_VAR_DIR="${NGOPI_VAR_DIR:-$PWD/var/test}"
exec .venv/bin/pytest "$@"
