#!/usr/bin/env python3
"""Start-up A/B by hand: wall and CPU time from process start to /readyz, and RSS a second later, for published builds
run alternately on a fresh and then an existing database with the bench's seed.

  dotnet run -c Release --project bench/Authgate.Bench -- seed /tmp/ab/seed.json
  dotnet publish src/Authgate.Server -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o /tmp/ab/a
  bench/tools/start_ab.py --seed /tmp/ab/seed.json --rounds 3 /tmp/ab/a /tmp/ab/b
  bench/tools/start_ab.py ... --postgres "Host=127.0.0.1;Port=55432;Username=postgres;Database=authgate_ab" /tmp/ab/a

With --postgres the database named in the connection string is dropped and created again (through psql, with the
same host, port and user) before each fresh start. --arg passes a server setting (repeatable).
"""
import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

MANAGEMENT = ["--Authgate:Bootstrap:ClientId=benchManagementClient00000000003",
              "--Authgate:Bootstrap:ClientSecret=bench-management-secret-0123456789-abcdefghijkl"]


def pg_parts(connection):
    parts = dict(p.split("=", 1) for p in connection.split(";") if "=" in p)
    return {k.strip().lower(): v.strip() for k, v in parts.items()}


def recreate(connection):
    parts = pg_parts(connection)
    base = ["psql", "-h", parts.get("host", "127.0.0.1"), "-p", parts.get("port", "5432"), "-U", parts.get("username", "postgres"), "-qd", "postgres", "-c"]
    subprocess.run(base + [f"DROP DATABASE IF EXISTS {parts['database']}"], check=True)
    subprocess.run(base + [f"CREATE DATABASE {parts['database']}"], check=True)


def start(build, directory, args, port):
    # A self-contained build (its own libcoreclr.so) runs through its apphost; a framework-dependent one through dotnet.
    own_runtime = os.path.exists(os.path.join(build, "libcoreclr.so"))
    host = [os.path.join(build, "Authgate.Server")] if own_runtime else ["dotnet", os.path.join(build, "Authgate.Server.dll")]
    command = [*host, f"--Authgate:DataDirectory={directory}",
               "--Authgate:Demo=false", f"--urls=http://127.0.0.1:{port}", *MANAGEMENT, *args]
    # --urls, not ASPNETCORE_URLS: appsettings.json names the README's port, and configuration files outrank that variable.
    env = dict(os.environ, ASPNETCORE_ENVIRONMENT="Production")
    began = time.monotonic()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=1) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if process.poll() is not None:
            sys.exit(f"{build} exited: {process.stderr.read().decode()}")
        time.sleep(0.01)
    ready = time.monotonic() - began
    stat = open(f"/proc/{process.pid}/stat").read().rsplit(")", 1)[1].split()
    cpu = (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")
    time.sleep(1.0)
    rss = next(int(line.split()[1]) for line in open(f"/proc/{process.pid}/status") if line.startswith("VmRSS"))
    process.send_signal(signal.SIGTERM)
    process.wait()
    return ready, cpu, rss / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("builds", nargs="+", help="directories holding a published Authgate.Server.dll")
    parser.add_argument("--seed", help="seed file for the fresh start")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--postgres", help="an Npgsql connection string; SQLite in a temporary directory otherwise")
    parser.add_argument("--arg", action="append", default=[], help="a server argument, e.g. --arg=--Authgate:Observability:Prometheus=true")
    parser.add_argument("--port", type=int, default=5311)
    options = parser.parse_args()
    args = list(options.arg)
    if options.seed:
        args.append(f"--Authgate:SeedFile={os.path.abspath(options.seed)}")
    if options.postgres:
        args += ["--Authgate:Database:Provider=postgres", f"--ConnectionStrings:Authgate={options.postgres}"]
    for round_ in range(1, options.rounds + 1):
        for build in options.builds:
            directory = tempfile.mkdtemp(prefix="authgate-ab-")
            try:
                if options.postgres:
                    recreate(options.postgres)
                fresh = start(build, directory, args, options.port)
                existing = start(build, directory, args, options.port)
            finally:
                shutil.rmtree(directory, ignore_errors=True)
            print(f"round {round_} {build}: fresh {fresh[0]:.2f} s (CPU {fresh[1]:.2f} s, RSS {fresh[2]:.0f} MiB); "
                  f"existing {existing[0]:.2f} s (CPU {existing[1]:.2f} s, RSS {existing[2]:.0f} MiB)", flush=True)


if __name__ == "__main__":
    main()
