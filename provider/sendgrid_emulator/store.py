"""SQLite persistence: schema, connections and one transaction per API call.

The store holds the account model every object hangs from (accounts, reserved usernames,
the IP inventory and its assignments, the parent); each model module declares its own
tables with :func:`declare_table` and its entries of the control API's state dump with
:func:`state_dump`, so that a new object touches only its module.

A file database gets one connection per thread in WAL mode (readers never block the
writer; writers queue on ``BEGIN IMMEDIATE`` with a generous busy timeout). ``:memory:``
has a single connection shared by every thread and guarded by a lock, so that all
threads see the same state.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from typing import Any, TypeVar

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
"""

_CORE_TABLES = ("parent", "assignments", "ips", "reserved_usernames", "accounts", "meta")

#: Name -> ``CREATE TABLE`` statement of every table a model module declared, in order.
_DECLARED: dict[str, str] = {}

#: State dump key -> the method that dumps it, ``(calls, conn) -> value``.
STATE_DUMPS: dict[str, Callable[..., Any]] = {}

_DumpT = TypeVar("_DumpT", bound=Callable[..., Any])


def declare_table(name: str, columns: str) -> str:
    """Declare the table ``name`` with ``columns`` (the body of its ``CREATE TABLE``).

    A model module declares its own tables at import, beside the rules that use them: the
    store creates every declared table, and a reset drops and creates them again. Returns
    the name, for the module's queries. Declaring a name twice with other columns is an
    error (two modules would share one table).
    """
    statement = f"CREATE TABLE IF NOT EXISTS {name} ({columns.strip()}\n)"
    if _DECLARED.get(name, statement) != statement or name in _CORE_TABLES:
        raise ValueError(f"the table {name} is declared twice")
    _DECLARED[name] = statement
    return name


def state_dump(key: str) -> Callable[[_DumpT], _DumpT]:
    """Make a model method ``(self, conn) -> value`` the control API's state entry ``key``."""

    def register(method: _DumpT) -> _DumpT:
        if key in STATE_DUMPS:
            raise ValueError(f"the state entry {key} is dumped twice")
        STATE_DUMPS[key] = method
        return method

    return register


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
            for table in (*reversed(_DECLARED), *_CORE_TABLES):
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
    for statement in (*_SCHEMA.split(";"), *_DECLARED.values()):
        if statement.strip():
            conn.execute(statement)


class _NoLock:
    """A stand-in for a lock where SQLite itself serialises writers."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


_NO_LOCK = _NoLock()
