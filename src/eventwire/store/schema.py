"""The event store's schema, versioned, with forward-only migrations.

Each migration is a list of SQL statements that takes the store from version ``n - 1`` to ``n``.
``migrate`` applies the missing ones inside one transaction and records the new version in
``schema_version``, so an old store file is upgraded in place the first time a newer eventwire opens it.
"""

from __future__ import annotations

import duckdb

from ..errors import DataError

# Version 1: the tables the store has always had.
_V1 = [
    """
    CREATE TABLE articles (
        article_id   VARCHAR PRIMARY KEY,   -- sha256 of the normalised text: the same story is one article
        title        VARCHAR,
        published    DATE,
        source       VARCHAR,
        url          VARCHAR,
        language     VARCHAR,
        chars        INTEGER,
        item_key     VARCHAR,               -- the input item that was coded
        warnings     JSON,
        minhash      BLOB,                  -- MinHash signature, to find near-duplicates on later runs
        coded_at     TIMESTAMP
    )
    """,
    """
    CREATE TABLE sources (
        item_key     VARCHAR PRIMARY KEY,   -- where the item came from: path#record or URL
        article_id   VARCHAR NOT NULL,
        match        VARCHAR NOT NULL,      -- 'coded', 'exact' (same text) or 'near' (near-duplicate)
        similarity   DOUBLE,
        title        VARCHAR,
        published    DATE,
        source       VARCHAR,
        url          VARCHAR,
        seen_at      TIMESTAMP
    )
    """,
    """
    CREATE TABLE events (
        article_id        VARCHAR NOT NULL,
        event_index       INTEGER NOT NULL,
        event_date        DATE,
        time_precision    INTEGER,
        disorder_type     VARCHAR,
        event_type        VARCHAR,
        sub_event_type    VARCHAR,
        actor1            VARCHAR,
        assoc_actor_1     VARCHAR,
        inter1            INTEGER,
        actor2            VARCHAR,
        assoc_actor_2     VARCHAR,
        inter2            INTEGER,
        interaction       INTEGER,
        civilian_targeting VARCHAR,
        country           VARCHAR,
        admin1            VARCHAR,
        admin2            VARCHAR,
        location          VARCHAR,
        latitude          DOUBLE,
        longitude         DOUBLE,
        geo_precision     INTEGER,
        geonameid         BIGINT,
        fatalities        INTEGER,
        source            VARCHAR,
        notes             VARCHAR,
        confidence        DOUBLE,
        PRIMARY KEY (article_id, event_index)
    )
    """,
    """
    CREATE TABLE evidence (
        article_id   VARCHAR NOT NULL,
        event_index  INTEGER NOT NULL,
        field        VARCHAR NOT NULL,
        sentence     VARCHAR,
        start_char   INTEGER,
        end_char     INTEGER,
        PRIMARY KEY (article_id, event_index, field)
    )
    """,
    """
    CREATE TABLE entities (
        article_id    VARCHAR NOT NULL,
        entity_id     VARCHAR NOT NULL,
        name          VARCHAR,
        type          VARCHAR,
        aliases       JSON,
        mentions      JSON,
        actor         VARCHAR,
        inter         INTEGER,
        actor_country VARCHAR,
        leads         VARCHAR,
        title         VARCHAR,
        PRIMARY KEY (article_id, entity_id)
    )
    """,
    """
    CREATE TABLE quotes (
        article_id   VARCHAR NOT NULL,
        quote_index  INTEGER NOT NULL,
        text         VARCHAR,
        speaker      VARCHAR,
        start_char   INTEGER,
        end_char     INTEGER,
        attribution  VARCHAR,
        PRIMARY KEY (article_id, quote_index)
    )
    """,
    """
    CREATE TABLE failed (
        item_key     VARCHAR PRIMARY KEY,
        origin       VARCHAR,
        stage        VARCHAR,               -- 'read', 'fetch' or 'code'
        error_type   VARCHAR,
        reason       VARCHAR,
        failed_at    TIMESTAMP
    )
    """,
    """
    CREATE TABLE fetch_cache (
        url           VARCHAR PRIMARY KEY,  -- validators for conditional GET on the next run
        etag          VARCHAR,
        last_modified VARCHAR,
        fetched_at    TIMESTAMP
    )
    """,
]

# Version 2: indexes the stats and export filters use.
_V2 = [
    "CREATE INDEX events_date ON events (event_date)",
    "CREATE INDEX events_country ON events (country)",
]

# Version 3: the article text itself, so the web app can show each evidence sentence in its article.
_V3 = [
    "ALTER TABLE articles ADD COLUMN text VARCHAR",
]

MIGRATIONS: list[list[str]] = [_V1, _V2, _V3]
SCHEMA_VERSION = len(MIGRATIONS)


def current_version(conn: duckdb.DuckDBPyConnection) -> int:
    """The schema version recorded in the store, 0 for an empty file."""
    exists = conn.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    ).fetchall()[0][0]
    if not exists:
        return 0
    row = conn.execute("SELECT max(version) FROM schema_version").fetchall()[0]
    return int(row[0] or 0)


def migrate(conn: duckdb.DuckDBPyConnection) -> int:
    """Bring the store to :data:`SCHEMA_VERSION`; returns the version it had before."""
    before = current_version(conn)
    if before > SCHEMA_VERSION:
        raise DataError(
            f"The store has schema version {before}, newer than this eventwire understands ({SCHEMA_VERSION}). "
            "Upgrade eventwire to read it."
        )
    if before == SCHEMA_VERSION:
        return before
    conn.execute("BEGIN TRANSACTION")
    try:
        if before == 0:
            conn.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMP)")
        for version in range(before + 1, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS[version - 1]:
                conn.execute(statement)
            conn.execute("INSERT INTO schema_version VALUES (?, now())", [version])
        conn.execute("COMMIT")
    except Exception:
        conn.execute("ROLLBACK")
        raise
    return before
