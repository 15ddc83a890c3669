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
# shellcheck source=../lib/authgate-server.sh
source "$ROOT/tests/lib/authgate-server.sh"

cleanup() {
  local status=$?
  stop_authgate "$status"
  rm -rf "$WORK"
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

build_authgate
make_certificate

# An empty Authgate (no seed, no demo tenant) named $1 on https://localhost:$2.
start_server() {
  start_authgate "$1" "$2" --Authgate:Demo=false --Authgate:Bootstrap:ClientId="$CLIENT_ID" --Authgate:Bootstrap:ClientSecret="$CLIENT_SECRET"
}

YAML_PORT="$(free_port)"
DIRECTORY_PORT="$(free_port)"
echo "==> Starting two empty servers on https://localhost:$YAML_PORT (YAML) and https://localhost:$DIRECTORY_PORT (directory)"
start_server yaml "$YAML_PORT"
start_server directory "$DIRECTORY_PORT"
wait_ready "$YAML_PORT" "${AUTHGATE_PIDS[0]}"
wait_ready "$DIRECTORY_PORT" "${AUTHGATE_PIDS[1]}"

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
