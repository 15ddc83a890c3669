#!/usr/bin/env bash
# The whole test suite, on both storage providers: SQLite files, then a throwaway PostgreSQL cluster the tests
# start from the machine's installation (initdb/pg_ctl). Needs the .NET 10 SDK, libsodium and PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")"
echo "== Tests on SQLite"
dotnet test
echo "== Tests on PostgreSQL"
AUTHGATE_TEST_PROVIDER=postgres dotnet test --no-build
