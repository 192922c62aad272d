package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite" // the SQLite driver FerretDB itself uses
)

// FerretDB 1.24's SQLite backend declares each collection's default index on
// the expression _ferretdb_sjson->"_id", but looks documents up by _id with
// _ferretdb_sjson->'$._id'. SQLite only uses an expression index whose
// expression matches the query's exactly, so every find, update and delete by
// _id scanned the whole table: 3 ms on a fresh database, 40 ms once a
// collection held 1,500 documents. keepIDIndexes adds, to every collection
// table, an index on the expression the lookups use.
//
// The index is invisible to FerretDB (its metadata does not list it) and goes
// with the table when a collection or database is dropped.
//
// Known limit: this is a second SQLite connection to FerretDB's files. If
// FerretDB drops a database (deleting its file) during the few milliseconds a
// pass has that database open, and recreates it at once, SQLite can report
// I/O errors on the new one. The services never drop a database; only tests
// drop their scratch one. The lasting fix is in FerretDB: declare the _id index
// on the expression its lookups use.

const (
	sjsonColumn  = "_ferretdb_sjson"
	lookupSuffix = "__id_lookup"
)

// keepIDIndexes checks every database file in dir for tables without the
// lookup index, once at start and then every interval, until ctx is done.
// New collections appear at any time, so it keeps looking.
func keepIDIndexes(ctx context.Context, dir string, interval time.Duration, logger *slog.Logger) {
	ticker := time.NewTicker(interval)
	defer ticker.Stop()

	for {
		files, err := filepath.Glob(filepath.Join(dir, "*.sqlite"))
		if err != nil {
			logger.Warn("_id lookup indexes: listing databases failed", "error", err)
		}

		for _, file := range files {
			if err := addIDIndexes(ctx, file, logger); err != nil && ctx.Err() == nil {
				logger.Warn("_id lookup indexes: database skipped", "file", filepath.Base(file), "error", err)
			}
		}

		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

// addIDIndexes opens one database file, read-write but never creating it
// (FerretDB may have dropped it since the directory was listed), and indexes
// the tables that still lack a lookup index.
func addIDIndexes(ctx context.Context, file string, logger *slog.Logger) error {
	uri := (&url.URL{Scheme: "file", Path: file, RawQuery: "mode=rw&_pragma=busy_timeout(10000)"}).String()

	db, err := sql.Open("sqlite", uri)
	if err != nil {
		return err
	}
	defer db.Close()

	// FerretDB's metadata table lists its collection tables; the left join keeps those without our index.
	// A database FerretDB is still creating has no metadata table yet: nothing to do until it has.
	var ready int
	if err = db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '_ferretdb_collections'`).Scan(&ready); err != nil || ready == 0 {
		return err
	}

	rows, err := db.QueryContext(ctx, `
		SELECT c.table_name FROM _ferretdb_collections c
		LEFT JOIN sqlite_master i ON i.type = 'index' AND i.name = c.table_name || ?
		WHERE i.name IS NULL`, lookupSuffix)
	if err != nil {
		return err
	}

	var tables []string
	for rows.Next() {
		var table string
		if err = rows.Scan(&table); err != nil {
			rows.Close()
			return err
		}
		tables = append(tables, table)
	}
	if err = rows.Err(); err != nil {
		rows.Close()
		return err
	}
	if err = rows.Close(); err != nil {
		return err
	}

	// One table failing (dropped since the query, say) does not hold back the others.
	var failed []error
	for _, table := range tables {
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (%s->'$._id')`, table+lookupSuffix, table, sjsonColumn)
		if _, err = db.ExecContext(ctx, q); err != nil {
			failed = append(failed, fmt.Errorf("%s: %w", table, err))
			continue
		}
		logger.Info("_id lookup index added", "database", filepath.Base(file), "table", table)
	}

	return errors.Join(failed...)
}
