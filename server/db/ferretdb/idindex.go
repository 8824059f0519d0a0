package main

// FerretDB 1.24's SQLite backend pushes a `{_id: <string or ObjectId>}` filter down as
//
//	WHERE _ferretdb_sjson->'$._id' = ?
//
// but the unique index it creates for _id is on `_ferretdb_sjson->"_id"`. SQLite uses an
// index on an expression only for that same expression, so every lookup by _id scans the
// whole table: a miss in a collection of 200,000 documents costs about 100 ms instead of
// a few microseconds. Qorgau reads almost everything by _id (derived ids, insert-only
// logs), so the launcher gives each collection table a second, non-unique index on the
// exact expression FerretDB queries by. FerretDB neither knows nor minds: the index lives
// and dies with its table, and uniqueness is still enforced by FerretDB's own index.

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver FerretDB itself uses
)

// idIndexSuffix names the launcher's index: "<table>_qorgau_id".
const idIndexSuffix = "_qorgau_id"

// tablesWithoutIDIndex lists collection tables (FerretDB's own tables start with
// "_ferretdb_") that lack the launcher's index.
const tablesWithoutIDIndex = `
SELECT t.name FROM sqlite_master t
WHERE t.type = 'table'
  AND t.name NOT LIKE '\_ferretdb\_%' ESCAPE '\'
  AND t.name NOT LIKE 'sqlite\_%' ESCAPE '\'
  AND NOT EXISTS (SELECT 1 FROM sqlite_master i WHERE i.type = 'index' AND i.tbl_name = t.name AND i.name = t.name || ?)`

// quoteIdent quotes an SQLite identifier.
func quoteIdent(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// indexIDsInFile adds the index to every table of one SQLite database that lacks it and
// returns the names of the tables it indexed.
func indexIDsInFile(ctx context.Context, file string) ([]string, error) {
	// FerretDB's own connections wait up to 10 s for a lock; so does this one. The journal
	// mode (WAL) is FerretDB's choice and stays as it set it. mode=rw: a database FerretDB has
	// just dropped is not created again here.
	db, err := sql.Open("sqlite", "file:"+file+"?mode=rw&_pragma=busy_timeout(10000)")
	if err != nil {
		return nil, err
	}
	defer db.Close()

	rows, err := db.QueryContext(ctx, tablesWithoutIDIndex, idIndexSuffix)
	if err != nil {
		return nil, err
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return nil, err
		}
		tables = append(tables, name)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	var done []string
	for _, table := range tables {
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %s ON %s (_ferretdb_sjson->'$._id')`, quoteIdent(table+idIndexSuffix), quoteIdent(table))
		if _, err := db.ExecContext(ctx, q); err != nil {
			// the table may have been dropped since it was listed
			if strings.Contains(err.Error(), "no such table") {
				continue
			}
			return done, fmt.Errorf("%s: %w", table, err)
		}
		done = append(done, table)
	}
	return done, nil
}

// indexIDs runs indexIDsInFile over every database file in dir.
func indexIDs(ctx context.Context, dir string) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.sqlite"))
	if err != nil {
		return nil, err
	}
	var done []string
	for _, file := range files {
		tables, err := indexIDsInFile(ctx, file)
		for _, t := range tables {
			done = append(done, filepath.Base(file)+":"+t)
		}
		if err != nil {
			if _, statErr := os.Stat(file); os.IsNotExist(statErr) {
				continue // the database was dropped meanwhile
			}
			return done, fmt.Errorf("%s: %w", filepath.Base(file), err)
		}
	}
	return done, nil
}

// keepIDsIndexed indexes new collection tables every interval until ctx ends. FerretDB
// creates a table at a collection's first write, so a new table is small when indexed.
func keepIDsIndexed(ctx context.Context, dir string, interval time.Duration) {
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
			done, err := indexIDs(ctx, dir)
			if len(done) > 0 {
				slog.Debug("indexed _id lookups", "tables", done)
			}
			if err != nil && ctx.Err() == nil {
				slog.Warn("indexing _id lookups failed; will retry", "err", err)
			}
		}
	}
}
