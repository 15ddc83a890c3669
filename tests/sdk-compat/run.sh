#!/usr/bin/env bash
# Runs the auth0 Node SDK compatibility suites against a freshly built Authgate: v7/ (auth0@7.1.0, the
# current major) and v4/ (auth0@4.37.0, for callers still on it).
#
#   bash tests/sdk-compat/run.sh
#   SDK_DB=postgres SDK_SUITES=v4 SDK_TESTS=mfa.test.mjs bash tests/sdk-compat/run.sh
#
# SDK_DB=postgres runs the server on a throwaway PostgreSQL cluster (initdb/pg_ctl, as the postgres user when run
# as root) instead of SQLite; SDK_SUITES names the suite folders (v7 v4 by default; the MFA suite is in v4/ with
# @auth0/auth0-auth-js and otplib), SDK_TESTS the test files to run in each (all *.test.mjs by default). The MFA suite's
# SMTP sink and SMS webhook receiver listen on ports chosen here and given to the server's delivery settings.
#
# Builds the server (Release), starts it over HTTPS on a free loopback port with a throwaway
# self-signed certificate, a temporary data directory and samples/tenant.json as seed, installs
# each suite's pinned npm dependencies (npm ci), runs `node --test` in each (each prints its own
# "# pass N" / "# fail N"), and always stops the server on exit.
# Needs: dotnet, node (>= 18), npm, openssl, python3, curl.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"

CLIENT_ID="sdkCompatClient0000000000000001"
CLIENT_SECRET="sdk-compat-secret-0123456789-abcdefghijklmnop"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/authgate-sdk-compat.XXXXXX")"
PGDIR=""
PGBIN=""
# shellcheck source=../lib/authgate-server.sh
source "$ROOT/tests/lib/authgate-server.sh"

cleanup() {
  local status=$?
  stop_authgate "$status"
  if [[ -n "$PGDIR" ]]; then
    as_postgres "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$PGDIR"
  fi
  rm -rf "$WORK"
  exit $status
}
as_postgres() {
  if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

build_authgate
make_certificate

PORT="$(free_port)"
DOMAIN="localhost:$PORT"
SMTP_PORT="$(free_port)"
SMS_PORT="$(free_port)"

DATABASE_ARGS=()
if [[ "${SDK_DB:-sqlite}" == postgres ]]; then
  PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [[ -x "$PGBIN/initdb" ]] || PGBIN="$(dirname "$(command -v initdb)")"
  PGDIR="$(mktemp -d /tmp/authgate-sdk-pg.XXXXXX)"
  PGPORT="$(free_port)"
  [[ "$(id -u)" == 0 ]] && chown postgres:postgres "$PGDIR"
  echo "==> Starting a throwaway PostgreSQL on port $PGPORT"
  as_postgres "$PGBIN/initdb" -D "$PGDIR/data" -A trust -U postgres --no-sync -E UTF8 >/dev/null
  as_postgres "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w -t 60 start \
    -o "-p $PGPORT -k $PGDIR -c listen_addresses=127.0.0.1 -c fsync=off" >/dev/null
  DATABASE_ARGS=(--Authgate:Database:Provider=postgres
    "--ConnectionStrings:Authgate=Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=postgres")
fi

echo "==> Starting Authgate on https://$DOMAIN"
start_authgate server "$PORT" \
  --Authgate:Bootstrap:ClientId="$CLIENT_ID" \
  --Authgate:Bootstrap:ClientSecret="$CLIENT_SECRET" \
  --Authgate:Delivery:Smtp:Host=127.0.0.1 \
  --Authgate:Delivery:Smtp:Port="$SMTP_PORT" \
  --Authgate:Delivery:Smtp:Security=none \
  --Authgate:Delivery:Sms:WebhookUrl="http://127.0.0.1:$SMS_PORT/sms" \
  --Authgate:Delivery:PollSeconds=1 \
  --Authgate:Delivery:RetrySeconds=1 \
  "${DATABASE_ARGS[@]}" \
  --seed "$ROOT/samples/tenant.json"
wait_ready "$PORT" "${AUTHGATE_PIDS[0]}"

status=0
for suite in ${SDK_SUITES:-v7 v4}; do
  echo "==> Installing the pinned SDK for $suite (npm ci)"
  (cd "$HERE/$suite" && npm ci --no-audit --no-fund)

  echo "==> Running the node-auth0 $suite compatibility tests"
  set +e
  (
    cd "$HERE/$suite"
    AUTHGATE_DOMAIN="$DOMAIN" \
    AUTHGATE_CLIENT_ID="$CLIENT_ID" \
    AUTHGATE_CLIENT_SECRET="$CLIENT_SECRET" \
    AUTHGATE_SMTP_PORT="$SMTP_PORT" \
    AUTHGATE_SMS_PORT="$SMS_PORT" \
    NODE_EXTRA_CA_CERTS="$WORK/cert.pem" \
    node --test --test-concurrency=1 ${SDK_TESTS:-}
  )
  suite_status=$?
  set -e
  if [[ $suite_status -ne 0 ]]; then
    status=$suite_status
  fi
done
exit $status
