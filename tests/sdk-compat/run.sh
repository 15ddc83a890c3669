#!/usr/bin/env bash
# Runs the auth0 Node SDK compatibility suites against a freshly built Authgate: v7/ (auth0@7.1.0, the
# current major) and v4/ (auth0@4.37.0, for callers still on it).
#
#   bash tests/sdk-compat/run.sh
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
SERVER_PID=""

cleanup() {
  local status=$?
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [[ $status -ne 0 && -f "$WORK/server.log" ]]; then
    echo "---- last lines of the server log ----" >&2
    tail -n 40 "$WORK/server.log" >&2 || true
  fi
  rm -rf "$WORK"
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "==> Building Authgate.Server (Release)"
dotnet build "$ROOT/src/Authgate.Server" -c Release --nologo -v quiet
BIN="$ROOT/src/Authgate.Server/bin/Release/net10.0"
DLL="$BIN/Authgate.Server.dll"
[[ -f "$DLL" ]] || { echo "missing $DLL" >&2; exit 1; }

echo "==> Generating a throwaway self-signed certificate"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
  -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null

PORT="$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')"
DOMAIN="localhost:$PORT"

echo "==> Starting Authgate on https://$DOMAIN"
mkdir -p "$WORK/run"
(
  cd "$WORK/run"
  exec dotnet "$DLL" \
    --contentRoot "$BIN" \
    --urls "https://localhost:$PORT" \
    --Kestrel:Certificates:Default:Path="$WORK/cert.pem" \
    --Kestrel:Certificates:Default:KeyPath="$WORK/key.pem" \
    --Authgate:DataDirectory="$WORK/data" \
    --Authgate:Issuer="https://localhost:$PORT/" \
    --Authgate:Bootstrap:ClientId="$CLIENT_ID" \
    --Authgate:Bootstrap:ClientSecret="$CLIENT_SECRET" \
    --seed "$ROOT/samples/tenant.json"
) >"$WORK/server.log" 2>&1 &
SERVER_PID=$!

ready=""
for _ in $(seq 1 120); do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "Authgate exited before it became ready" >&2
    exit 1
  fi
  if curl -ksf -o /dev/null --max-time 2 "https://$DOMAIN/.well-known/openid-configuration"; then
    ready=1
    break
  fi
  sleep 0.5
done
[[ -n "$ready" ]] || { echo "Authgate did not answer within 60 s" >&2; exit 1; }

status=0
for suite in v7 v4; do
  echo "==> Installing the pinned SDK for $suite (npm ci)"
  (cd "$HERE/$suite" && npm ci --no-audit --no-fund)

  echo "==> Running the node-auth0 $suite compatibility tests"
  set +e
  (
    cd "$HERE/$suite"
    AUTHGATE_DOMAIN="$DOMAIN" \
    AUTHGATE_CLIENT_ID="$CLIENT_ID" \
    AUTHGATE_CLIENT_SECRET="$CLIENT_SECRET" \
    NODE_EXTRA_CA_CERTS="$WORK/cert.pem" \
    node --test --test-concurrency=1
  )
  suite_status=$?
  set -e
  if [[ $suite_status -ne 0 ]]; then
    status=$suite_status
  fi
done
exit $status
