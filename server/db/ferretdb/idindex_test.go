package main

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// ferretTable creates a table shaped as FerretDB 1.24 creates a collection's, with its
// unique _id index, and fills it.
func ferretTable(t *testing.T, db *sql.DB, name string) {
	t.Helper()
	for _, q := range []string{
		`CREATE TABLE ` + quoteIdent(name) + ` (_ferretdb_sjson TEXT)`,
		`CREATE UNIQUE INDEX ` + quoteIdent(name+"_id") + ` ON ` + quoteIdent(name) + ` (_ferretdb_sjson->"_id")`,
		`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 500)
		 INSERT INTO ` + quoteIdent(name) + ` SELECT json_object('_id', 'user:' || i, 'v', i) FROM n`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// plan is SQLite's plan for the query FerretDB 1.24 sends for `{_id: "user:7"}`.
func plan(t *testing.T, db *sql.DB, table string) string {
	t.Helper()
	rows, err := db.Query(`EXPLAIN QUERY PLAN SELECT _ferretdb_sjson FROM `+quoteIdent(table)+` WHERE _ferretdb_sjson->'$._id' = ?`, `"user:7"`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var details []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		details = append(details, detail)
	}
	return strings.Join(details, "; ")
}

func TestIndexIDsTurnsTheIDFilterIntoAnIndexSearch(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "qorgau.sqlite")
	db, err := sql.Open("sqlite", "file:"+file)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ferretTable(t, db, "attempt_entries_5c1f2a")
	ferretTable(t, db, `odd "name"`)
	if _, err := db.Exec(`CREATE TABLE _ferretdb_collections (name TEXT)`); err != nil {
		t.Fatal(err)
	}

	if got := plan(t, db, "attempt_entries_5c1f2a"); !strings.HasPrefix(got, "SCAN") {
		t.Fatalf("before indexing, FerretDB's own index should not serve the lookup, got plan %q", got)
	}

	done, err := indexIDs(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(done) != 2 {
		t.Fatalf("indexed %v, want the two collection tables and not FerretDB's own", done)
	}
	for _, table := range []string{"attempt_entries_5c1f2a", `odd "name"`} {
		// EXPLAIN alone does not make a connection reload a schema another connection changed
		// (a real query does, as FerretDB's pooled connections' next lookups will): ask a new one
		fresh, err := sql.Open("sqlite", "file:"+file)
		if err != nil {
			t.Fatal(err)
		}
		defer fresh.Close()
		if got := plan(t, fresh, table); !strings.Contains(got, "USING INDEX "+table+idIndexSuffix) {
			t.Fatalf("%s: plan %q does not use the launcher's index", table, got)
		}
	}

	// a second pass finds nothing left to do
	again, err := indexIDs(context.Background(), dir)
	if err != nil || len(again) != 0 {
		t.Fatalf("second pass: %v, %v", again, err)
	}

	// the lookup still finds exactly the document
	var doc string
	if err := db.QueryRow(`SELECT _ferretdb_sjson FROM "attempt_entries_5c1f2a" WHERE _ferretdb_sjson->'$._id' = ?`, `"user:7"`).Scan(&doc); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(doc, `"v":7`) {
		t.Fatalf("found %s", doc)
	}
}

func TestIndexIDsNeverCreatesADroppedDatabase(t *testing.T) {
	dir := t.TempDir()
	gone := filepath.Join(dir, "dropped.sqlite")
	if _, err := indexIDsInFile(context.Background(), gone); err == nil {
		t.Fatal("opening a missing database should fail")
	}
	if _, err := os.Stat(gone); !os.IsNotExist(err) {
		t.Fatalf("%s was created: %v", gone, err)
	}
}
