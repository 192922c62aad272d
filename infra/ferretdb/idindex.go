package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite" // the SQLite driver FerretDB itself uses
)

// FerretDB 1.24's SQLite backend declared each collection's default index on
// the expression _ferretdb_sjson->"_id", but looks documents up by _id with
// _ferretdb_sjson->'$._id'. SQLite only uses an expression index whose
// expression matches the query's exactly, so every find, update and delete by
// _id scanned the whole table: 3 ms on a fresh database, 40 ms once a
// collection held 1,500 documents.
//
// Our build now patches FerretDB to declare indexes on the expression its
// lookups use (patches/index-expression.json), so every collection it creates
// is indexed from its first document. Tables created by an unpatched build
// (data from before that fix) get the lookup index here, once, at start-up,
// before FerretDB opens the files: a second connection to files FerretDB is
// writing, kept open every second as before, raced FerretDB's own (SIGBUS in
// SQLite's WAL index under a burst of updates, once in a few CI runs).

const (
	sjsonColumn  = "_ferretdb_sjson"
	lookupSuffix = "__id_lookup"
	lookupExpr   = sjsonColumn + "->'$._id'"
)

// indexLegacyTables adds the lookup index to every table in dir's database
// files that has no index on the lookup expression yet.
func indexLegacyTables(ctx context.Context, dir string, logger *slog.Logger) error {
	files, err := filepath.Glob(filepath.Join(dir, "*.sqlite"))
	if err != nil {
		return err
	}
	for _, file := range files {
		usable, err := addIDIndexes(ctx, file, logger)
		if err != nil {
			return fmt.Errorf("%s: %w", filepath.Base(file), err)
		}
		if !usable {
			if err := setAside(file, logger); err != nil {
				return err
			}
		}
	}
	return nil
}

// setAside renames a database file FerretDB cannot open (it has no metadata
// table: a database whose creation or drop a crash cut short) out of the way,
// so that FerretDB starts with the others instead of refusing to start at all.
func setAside(file string, logger *slog.Logger) error {
	suffix := ".set-aside-" + time.Now().UTC().Format("20060102T150405Z")
	for _, part := range []string{"", "-wal", "-shm"} {
		if err := os.Rename(file+part, file+part+suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	logger.Warn("database file without FerretDB's metadata set aside", "file", filepath.Base(file), "renamed_to", filepath.Base(file)+suffix)
	return nil
}

// addIDIndexes opens one database file, read-write but never creating it, and
// indexes the tables that still lack a lookup index. It reports false for a
// file without FerretDB's metadata table.
func addIDIndexes(ctx context.Context, file string, logger *slog.Logger) (bool, error) {
	uri := (&url.URL{Scheme: "file", Path: file, RawQuery: "mode=rw&_pragma=busy_timeout(10000)"}).String()

	db, err := sql.Open("sqlite", uri)
	if err != nil {
		return false, err
	}
	defer db.Close()

	// FerretDB's metadata table lists its collection tables; the left join keeps those without our index.
	var ready int
	if err = db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '_ferretdb_collections'`).Scan(&ready); err != nil {
		return false, err
	}
	if ready == 0 {
		return false, nil
	}

	// A table is indexed when one of its indexes is on the lookup expression: FerretDB's own (patched build) or ours.
	rows, err := db.QueryContext(ctx, `
		SELECT c.table_name FROM _ferretdb_collections c
		WHERE NOT EXISTS (
			SELECT 1 FROM sqlite_master i
			WHERE i.type = 'index' AND i.tbl_name = c.table_name AND instr(i.sql, ?) > 0
		)`, lookupExpr)
	if err != nil {
		return true, err
	}

	var tables []string
	for rows.Next() {
		var table string
		if err = rows.Scan(&table); err != nil {
			rows.Close()
			return true, err
		}
		tables = append(tables, table)
	}
	if err = rows.Err(); err != nil {
		rows.Close()
		return true, err
	}
	if err = rows.Close(); err != nil {
		return true, err
	}

	// One table failing (dropped since the query, say) does not hold back the others.
	var failed []error
	for _, table := range tables {
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (%s)`, table+lookupSuffix, table, lookupExpr)
		if _, err = db.ExecContext(ctx, q); err != nil {
			failed = append(failed, fmt.Errorf("%s: %w", table, err))
			continue
		}
		logger.Info("_id lookup index added", "database", filepath.Base(file), "table", table)
	}

	return true, errors.Join(failed...)
}
