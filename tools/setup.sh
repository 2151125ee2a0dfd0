#!/usr/bin/env bash
# Installs everything opsguard needs on a fresh machine: the npm packages, and for the tests moto's
# server (the local AWS) and PostgreSQL (a real database for SecretSync) — each only where absent.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v moto_server >/dev/null 2>&1; then
  echo "setup: installing moto[server] with pip" >&2
  python3 -m pip install --quiet "moto[server]"
fi

# cfn-lint validates the organization hub's member StackSet template in the tests.
if ! command -v cfn-lint >/dev/null 2>&1; then
  echo "setup: installing cfn-lint with pip" >&2
  python3 -m pip install --quiet cfn-lint
fi

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && [ -z "${PG_BIN_DIR:-}" ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
    echo "setup: installing postgresql with apt-get" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    echo "setup: PostgreSQL's initdb is missing: install postgresql (or set PG_BIN_DIR)" >&2
    exit 1
  fi
fi

npm ci --no-audit --no-fund --loglevel=error
