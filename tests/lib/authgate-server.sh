# Shared by the runners of the Node suites (tests/sdk-compat/run.sh, tests/deploy-cli/run.sh), sourced after they set
# ROOT (the repository) and WORK (a scratch directory they remove): build the server, make a throwaway certificate,
# pick free ports, start Authgate over HTTPS, wait until it answers, and stop every server started. Needs dotnet,
# openssl, python3 and curl.

AUTHGATE_PIDS=()

build_authgate() {
  echo "==> Building Authgate.Server (Release)"
  dotnet build "$ROOT/src/Authgate.Server" -c Release --nologo -v quiet
  BIN="$ROOT/src/Authgate.Server/bin/Release/net10.0"
  DLL="$BIN/Authgate.Server.dll"
  [[ -f "$DLL" ]] || { echo "missing $DLL" >&2; return 1; }
}

make_certificate() {
  echo "==> Generating a throwaway self-signed certificate"
  openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null
}

free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

# start_authgate NAME PORT [SETTING...]: Authgate on https://localhost:PORT, its data in $WORK/NAME/data, its output
# in $WORK/NAME.log; the settings are passed on as command-line arguments. Its pid joins AUTHGATE_PIDS.
start_authgate() {
  local name=$1 port=$2
  shift 2
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
      "$@"
  ) >"$WORK/$name.log" 2>&1 &
  AUTHGATE_PIDS+=($!)
}

# wait_ready PORT PID: until the discovery document answers (60 s at most), or fails when the process has exited.
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

# stop_authgate [STATUS]: stops every server started (TERM, then KILL after 5 s); with a non-zero status, prints the
# end of each server's log first.
stop_authgate() {
  local status=${1:-0} pid log
  for pid in "${AUTHGATE_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${AUTHGATE_PIDS[@]}"; do
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
}
