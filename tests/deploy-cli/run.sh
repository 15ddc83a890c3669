#!/usr/bin/env bash
# Auth0's Deploy CLI (auth0-deploy-cli@8.44.0, pinned) against a freshly built Authgate over HTTPS:
#
#   bash tests/deploy-cli/run.sh
#
# Builds the server (Release), starts two servers on empty databases (one per export format) over HTTPS with a
# throwaway self-signed certificate, installs the pinned npm packages and runs `node --test`, which drives the real
# `a0deploy` binary through import → login → export → re-import for the YAML and the directory format of the
# exported tenant in ./export. Always stops the servers on exit. Needs: dotnet, node (>= 18), npm, openssl,
# python3, curl.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"

CLIENT_ID="deployCliClient000000000000001"
CLIENT_SECRET="deploy-cli-secret-0123456789-abcdefghijklmnop"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/authgate-deploy-cli.XXXXXX")"
PIDS=()

cleanup() {
  local status=$?
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [[ $status -ne 0 ]]; then
    for log in "$WORK"/*.log; do
      [[ -f "$log" ]] || continue
      echo "---- last lines of $(basename "$log") ----" >&2
      tail -n 40 "$log" >&2 || true
    done
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

free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

# Starts an empty Authgate (no seed, no demo tenant) on https://localhost:$2; its name is $1.
start_server() {
  local name=$1 port=$2
  mkdir -p "$WORK/$name"
  (
    cd "$WORK/$name"
    exec dotnet "$DLL" \
      --contentRoot "$BIN" \
      --urls "https://localhost:$port" \
      --Kestrel:Certificates:Default:Path="$WORK/cert.pem" \
      --Kestrel:Certificates:Default:KeyPath="$WORK/key.pem" \
      --Authgate:DataDirectory="$WORK/$name/data" \
      --Authgate:Issuer="https://localhost:$port/" \
      --Authgate:Demo=false \
      --Authgate:Bootstrap:ClientId="$CLIENT_ID" \
      --Authgate:Bootstrap:ClientSecret="$CLIENT_SECRET"
  ) >"$WORK/$name.log" 2>&1 &
  PIDS+=($!)
}

wait_ready() {
  local port=$1 pid=$2
  for _ in $(seq 1 120); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "Authgate on port $port exited before it became ready" >&2
      return 1
    fi
    if curl -ksf -o /dev/null --max-time 2 "https://localhost:$port/.well-known/openid-configuration"; then
      return 0
    fi
    sleep 0.5
  done
  echo "Authgate on port $port did not answer within 60 s" >&2
  return 1
}

YAML_PORT="$(free_port)"
DIRECTORY_PORT="$(free_port)"
echo "==> Starting two empty servers on https://localhost:$YAML_PORT (YAML) and https://localhost:$DIRECTORY_PORT (directory)"
start_server yaml "$YAML_PORT"
start_server directory "$DIRECTORY_PORT"
wait_ready "$YAML_PORT" "${PIDS[0]}"
wait_ready "$DIRECTORY_PORT" "${PIDS[1]}"

echo "==> Installing the pinned Deploy CLI (npm ci)"
(cd "$HERE" && npm ci --no-audit --no-fund)

echo "==> Running the Deploy CLI round trip"
set +e
(
  cd "$HERE"
  AUTHGATE_YAML_DOMAIN="localhost:$YAML_PORT" \
  AUTHGATE_DIRECTORY_DOMAIN="localhost:$DIRECTORY_PORT" \
  AUTHGATE_CLIENT_ID="$CLIENT_ID" \
  AUTHGATE_CLIENT_SECRET="$CLIENT_SECRET" \
  AUTHGATE_WORK="$WORK" \
  NODE_EXTRA_CA_CERTS="$WORK/cert.pem" \
  node --test --test-concurrency=1
)
status=$?
set -e
exit $status
