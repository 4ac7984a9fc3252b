"""SQLite persistence: schema, connections and one transaction per API call.

A file database gets one connection per thread in WAL mode (readers never block the
writer; writers queue on ``BEGIN IMMEDIATE`` with a generous busy timeout). ``:memory:``
has a single connection shared by every thread and guarded by a lock, so that all
threads see the same state.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress

MEMORY = ":memory:"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS accounts (
    user_id INTEGER PRIMARY KEY AUTOINCREMENT,
    username TEXT NOT NULL UNIQUE COLLATE NOCASE,
    kind TEXT NOT NULL CHECK (kind IN ('customer', 'subuser', 'account')),
    email TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    website_access INTEGER NOT NULL DEFAULT 1,
    region TEXT NOT NULL DEFAULT 'global',
    first_name TEXT NOT NULL DEFAULT '',
    last_name TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    city TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT '',
    zip TEXT NOT NULL DEFAULT '',
    country TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    website TEXT NOT NULL DEFAULT '',
    address2 TEXT NOT NULL DEFAULT '',
    timezone TEXT NOT NULL DEFAULT '',
    company TEXT NOT NULL DEFAULT '',
    package TEXT NOT NULL DEFAULT '',
    whitelabel TEXT NOT NULL DEFAULT '',
    free_user INTEGER NOT NULL DEFAULT 0,
    billing_date TEXT,
    reputation REAL NOT NULL DEFAULT 100.0,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE TABLE IF NOT EXISTS reserved_usernames (
    username TEXT PRIMARY KEY COLLATE NOCASE
);
CREATE TABLE IF NOT EXISTS ips (
    ip TEXT PRIMARY KEY
);
CREATE TABLE IF NOT EXISTS assignments (
    user_id INTEGER NOT NULL REFERENCES accounts(user_id) ON DELETE CASCADE,
    ip TEXT NOT NULL REFERENCES ips(ip) ON DELETE CASCADE,
    PRIMARY KEY (user_id, ip)
);
CREATE TABLE IF NOT EXISTS parent (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    email TEXT NOT NULL,
    password_hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS partner_accounts (
    account_id TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL UNIQUE REFERENCES accounts(user_id) ON DELETE CASCADE,
    state TEXT NOT NULL,
    offerings TEXT NOT NULL,
    test_account INTEGER NOT NULL DEFAULT 0,
    seq INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS api_keys (
    api_key_id TEXT PRIMARY KEY,
    user_id INTEGER REFERENCES accounts(user_id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    scopes TEXT NOT NULL,
    key_hash TEXT NOT NULL,
    seq INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS credits (
    user_id INTEGER PRIMARY KEY REFERENCES accounts(user_id) ON DELETE CASCADE,
    type TEXT NOT NULL CHECK (type IN ('unlimited', 'recurring', 'nonrecurring')),
    reset_frequency TEXT,
    total INTEGER,
    remain INTEGER,
    used INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS event_webhooks (
    id TEXT PRIMARY KEY,
    user_id INTEGER REFERENCES accounts(user_id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    enabled INTEGER NOT NULL DEFAULT 0,
    flags TEXT NOT NULL,
    friendly_name TEXT,
    oauth_client_id TEXT,
    oauth_client_secret TEXT,
    oauth_token_url TEXT,
    signing_key TEXT,
    public_key TEXT,
    created_date TEXT NOT NULL,
    updated_date TEXT NOT NULL,
    seq INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS parse_settings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER REFERENCES accounts(user_id) ON DELETE CASCADE,
    hostname TEXT NOT NULL COLLATE NOCASE,
    url TEXT NOT NULL,
    spam_check INTEGER NOT NULL DEFAULT 0,
    send_raw INTEGER NOT NULL DEFAULT 0,
    seq INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS teammate_invites (
    token TEXT PRIMARY KEY,
    user_id INTEGER REFERENCES accounts(user_id) ON DELETE CASCADE,
    email TEXT NOT NULL COLLATE NOCASE,
    scopes TEXT NOT NULL,
    is_admin INTEGER NOT NULL,
    expiration_date INTEGER NOT NULL,
    seq INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS teammates (
    username TEXT PRIMARY KEY COLLATE NOCASE,
    user_id INTEGER REFERENCES accounts(user_id) ON DELETE CASCADE,
    email TEXT NOT NULL COLLATE NOCASE,
    scopes TEXT NOT NULL,
    is_admin INTEGER NOT NULL,
    first_name TEXT NOT NULL DEFAULT '',
    last_name TEXT NOT NULL DEFAULT '',
    seq INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS monitors (
    user_id INTEGER PRIMARY KEY REFERENCES accounts(user_id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    frequency INTEGER NOT NULL CHECK (frequency > 0)
);
CREATE TABLE IF NOT EXISTS domains (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER REFERENCES accounts(user_id) ON DELETE CASCADE,
    domain TEXT NOT NULL,
    subdomain TEXT NOT NULL,
    automatic_security INTEGER NOT NULL,
    custom_spf INTEGER NOT NULL,
    is_default INTEGER NOT NULL,
    dkim_selector TEXT NOT NULL,
    ips TEXT NOT NULL,
    region TEXT NOT NULL,
    valid INTEGER NOT NULL DEFAULT 0,
    record_valid TEXT NOT NULL DEFAULT '{}',
    last_validation_attempt_at INTEGER
);
CREATE TABLE IF NOT EXISTS domain_subusers (
    domain_id INTEGER NOT NULL REFERENCES domains(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES accounts(user_id) ON DELETE CASCADE,
    single INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (domain_id, user_id)
);
CREATE TABLE IF NOT EXISTS links (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER REFERENCES accounts(user_id) ON DELETE CASCADE,
    domain TEXT NOT NULL,
    subdomain TEXT NOT NULL,
    is_default INTEGER NOT NULL,
    region TEXT NOT NULL,
    valid INTEGER NOT NULL DEFAULT 0,
    record_valid TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE IF NOT EXISTS link_subusers (
    user_id INTEGER PRIMARY KEY REFERENCES accounts(user_id) ON DELETE CASCADE,
    link_id INTEGER NOT NULL REFERENCES links(id) ON DELETE CASCADE
);
"""

_TABLES = (
    "event_webhooks",
    "parse_settings",
    "teammate_invites",
    "teammates",
    "link_subusers",
    "links",
    "domain_subusers",
    "domains",
    "credits",
    "api_keys",
    "parent",
    "partner_accounts",
    "monitors",
    "assignments",
    "ips",
    "reserved_usernames",
    "accounts",
    "meta",
)


class Store:
    """The SQLite database behind the emulator."""

    def __init__(
        self, path: str, seed_ips: Iterable[str], parent_email: str, parent_password_hash: str
    ) -> None:
        self.path = path
        self._parent = (parent_email, parent_password_hash)
        self.memory = path == MEMORY
        self._seed_ips = list(seed_ips)
        self._local = threading.local()
        self._lock = threading.RLock()
        self._connections: list[sqlite3.Connection] = []
        self._connections_lock = threading.Lock()
        self._closed = False
        self._shared: sqlite3.Connection | None = None
        if self.memory:
            self._shared = self._open()
        with self.transaction(write=True) as conn:
            _create_schema(conn)
            seeded = conn.execute("SELECT value FROM meta WHERE key = 'seeded'").fetchone()
            if seeded is None:
                self._seed(conn)
            conn.execute(
                "INSERT OR IGNORE INTO parent (id, email, password_hash) VALUES (1, ?, ?)",
                self._parent,
            )

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(
            self.path, timeout=30.0, isolation_level=None, check_same_thread=False
        )
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 30000")
        if not self.memory:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
        with self._connections_lock:
            self._connections.append(conn)
        return conn

    def _connection(self) -> sqlite3.Connection:
        if self._shared is not None:
            return self._shared
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._open()
            self._local.conn = conn
        return conn

    @contextmanager
    def transaction(self, write: bool) -> Iterator[sqlite3.Connection]:
        """Run the block in one transaction (``BEGIN IMMEDIATE`` when it writes)."""
        if self._closed:
            raise RuntimeError("the store is closed")
        with self._lock if self.memory else _NO_LOCK:
            conn = self._connection()
            conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def _seed(self, conn: sqlite3.Connection) -> None:
        conn.executemany(
            "INSERT OR IGNORE INTO ips (ip) VALUES (?)", [(i,) for i in self._seed_ips]
        )
        conn.execute(
            "INSERT OR REPLACE INTO parent (id, email, password_hash) VALUES (1, ?, ?)",
            self._parent,
        )
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('seeded', '1')")

    def rebuild(self) -> None:
        """Drop every table and build the initial state again (empty, default IPs)."""
        with self.transaction(write=True) as conn:
            for table in _TABLES:
                conn.execute(f"DROP TABLE IF EXISTS {table}")
            conn.execute("DELETE FROM sqlite_sequence")
            _create_schema(conn)
            self._seed(conn)

    def close(self) -> None:
        """Close every connection this store opened."""
        self._closed = True
        with self._connections_lock:
            connections, self._connections = self._connections, []
        for conn in connections:
            with suppress(sqlite3.Error):
                conn.close()


def _create_schema(conn: sqlite3.Connection) -> None:
    # executescript() would commit the surrounding transaction: run statement by statement.
    for statement in _SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)


class _NoLock:
    """A stand-in for a lock where SQLite itself serialises writers."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


_NO_LOCK = _NoLock()
