#!/usr/bin/env python3
"""How many pages of SQLite's write-ahead log one refresh-token rotation writes, by schema variant.

Replays the rotation's two statements (the compare-and-swap UPDATE of the presented row, the INSERT of its
successor) on a throwaway database holding 200,000 tokens, 32 chains, 9 rotations per commit as the group commit
batches them under load. Variants: A (random ids, hash/family/user indexes: before schema v90), B (time-ordered ids),
C (B + one (user, client, family) index), D (C + no hash index: what schema v90 keeps).
Usage: python3 bench/tools/refresh_pages.py A|B|C|D USERS [DIRECTORY]   (bench/ANALYSIS.md, sixth pass)
"""
import sqlite3, os, random, time, sys, tempfile
variant, users = sys.argv[1], int(sys.argv[2])
directory = sys.argv[3] if len(sys.argv) > 3 else tempfile.gettempdir()
N = 200_000
path = os.path.join(directory, f"refresh-pages-{variant}-{users}.db")
for s in ("", "-wal", "-shm"):
    if os.path.exists(path+s): os.remove(path+s)
db = sqlite3.connect(path, isolation_level=None)
db.execute("pragma journal_mode=wal"); db.execute("pragma wal_autocheckpoint=0"); db.execute("pragma synchronous=normal")
db.execute("""CREATE TABLE refresh_tokens (id TEXT NOT NULL PRIMARY KEY, token_hash TEXT, family_id TEXT NOT NULL, parent_id TEXT, client_id TEXT NOT NULL,
 user_id TEXT NOT NULL, connection_id TEXT NOT NULL, audience TEXT, scope TEXT NOT NULL, rotating INTEGER NOT NULL, auth_time INTEGER NOT NULL,
 created_at INTEGER NOT NULL, expires_at INTEGER, idle_expires_at INTEGER, last_used_at INTEGER, rotated_at INTEGER, replaced_by_id TEXT, revoked_at INTEGER, revoked_reason TEXT)""")
if variant in ("A","B"):
    db.execute("CREATE UNIQUE INDEX h ON refresh_tokens (token_hash)")
    db.execute("CREATE INDEX f ON refresh_tokens (family_id)")
    db.execute("CREATE INDEX u ON refresh_tokens (user_id, client_id)")
elif variant == "C":
    db.execute("CREATE UNIQUE INDEX h ON refresh_tokens (token_hash)")
    db.execute("CREATE INDEX u ON refresh_tokens (user_id, client_id, family_id)")
elif variant == "D":
    db.execute("CREATE UNIQUE INDEX h ON refresh_tokens (token_hash) WHERE token_hash IS NOT NULL")
    db.execute("CREATE INDEX u ON refresh_tokens (user_id, client_id, family_id)")
t0 = [0]
def newid():
    if variant == "A": return os.urandom(16).hex()
    t0[0] += 1
    return "%012x" % (1700000000000 + t0[0]//10) + os.urandom(10).hex()
def row(fam, parent, user, h):
    i = newid()
    return (i, h, fam or i, parent, "client_bench_machine_xx", f"auth0|user{user:08d}bench", "con_1234567890abcdef", "https://api.bench.test/", "openid profile email offline_access", 1, 1, 2, 3, 4, None, None, None, None, None)
ins = "INSERT INTO refresh_tokens VALUES (" + ",".join("?"*19) + ")"
db.execute("BEGIN")
for k in range(N):
    u = random.randrange(users)
    db.execute(ins, row(None, None, u, os.urandom(32).hex()))
db.execute("COMMIT")
# 32 chains
chains = []
db.execute("BEGIN")
for c in range(32):
    r = row(None, None, c % users, os.urandom(32).hex() if variant != "D" else None)
    db.execute(ins, r); chains.append(r)
db.execute("COMMIT")
db.execute("pragma wal_checkpoint(TRUNCATE)")
R = 9000
start = time.process_time()
for b in range(R // 9):
    db.execute("BEGIN")
    for j in range(9):
        c = random.randrange(32)
        old = chains[c]
        new = row(old[2], old[0], int(old[5][10:18]), os.urandom(32).hex() if variant != "D" else None)
        n = db.execute("UPDATE refresh_tokens SET rotated_at=?, replaced_by_id=?, last_used_at=? WHERE id=? AND rotated_at IS NULL AND revoked_at IS NULL", (5, new[0], 5, old[0])).rowcount
        assert n == 1
        db.execute(ins, new); chains[c] = new
    db.execute("COMMIT")
cpu = time.process_time() - start
wal = os.path.getsize(path + "-wal")
frames = (wal - 32) / (4096 + 24)
print(f"{variant} users={users}: {frames/R:.2f} frames/rotation, {wal/R/1024:.1f} KB/rotation, cpu {cpu/R*1e6:.0f} us/rotation")
for s in ("", "-wal", "-shm"):
    if os.path.exists(path + s): os.remove(path + s)
