// Command qorgau-ferretdb runs FerretDB 1.24.2 with its SQLite backend as an
// embedded MongoDB-compatible server for Qorgau when no MONGODB_URI is set.
//
// It uses FerretDB's embeddable package rather than `go install .../cmd/ferretdb`,
// because that command panics at start: the release's version.txt is generated
// at release time and is not part of the module (FerretDB issue 2982).
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on (keep it on loopback)")
	dataDir := flag.String("data", "./data/ferretdb", "folder that keeps the SQLite databases")
	exitOnEOF := flag.Bool("exit-on-stdin-eof", false, "stop when standard input closes (the parent process died)")
	logLevel := flag.String("log-level", "warn", "debug, info, warn or error")
	idIndex := flag.Bool("index-ids", true, "index the expression FerretDB filters _id by (see idindex.go)")
	idIndexEvery := flag.Duration("index-ids-every", 2*time.Second, "how often to look for new collection tables to index")
	gcPercent := flag.Int("gc-percent", 400, "Go's GOGC: how far the heap grows between collections (the GOGC variable overrides it)")
	procs := flag.Int("procs", max(1, runtime.NumCPU()/2), "Go's GOMAXPROCS: how many threads run Go code at once (the GOMAXPROCS variable overrides it)")
	flag.Parse()

	// Go collects garbage once the heap has grown by GOGC percent since the last collection; at
	// its default of 100 a server this small collects many times a second under load. 400 spends
	// less CPU per command for a few more megabytes (docs/performance.md).
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(*gcPercent)
	}

	// The app's Node process shares this machine's cores with the database. With a thread per core,
	// Go's scheduler spins idle threads looking for work after every command: on 2 cores, at 50
	// concurrent reads by _id, that cost a third more CPU per read (116-143 against 85-93 µs), and
	// a tenth more per insert. Half the cores leave the rest to Node (docs/performance.md).
	if os.Getenv("GOMAXPROCS") == "" {
		runtime.GOMAXPROCS(*procs)
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		log.Fatalf("qorgau-ferretdb: -log-level: %v", err)
	}
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level})))

	dir, err := filepath.Abs(*dataDir)
	if err != nil {
		log.Fatalf("qorgau-ferretdb: data folder: %v", err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		log.Fatalf("qorgau-ferretdb: data folder: %v", err)
	}

	if *idIndex {
		// tables that exist already are indexed before FerretDB opens them
		if _, err := indexIDs(context.Background(), dir); err != nil {
			log.Fatalf("qorgau-ferretdb: indexing _id lookups: %v", err)
		}
	}

	f, err := ferretdb.New(&ferretdb.Config{
		Listener: ferretdb.ListenerConfig{TCP: *listen},
		Handler:  "sqlite",
		// FULL is SQLite's default too; it is spelled out because Qorgau promises that an
		// acknowledged write survives a crash: in WAL mode, FULL syncs the log at every commit.
		SQLiteURL: "file:" + dir + "/?_pragma=synchronous(full)",
	})
	if err != nil {
		log.Fatalf("qorgau-ferretdb: %v", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	if *exitOnEOF {
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			stop()
		}()
	}

	done := make(chan error, 1)
	go func() { done <- f.Run(ctx) }()

	if *idIndex {
		go keepIDsIndexed(ctx, dir, *idIndexEvery)
	}

	// MongoDBURI waits until the listener is bound, so the printed line tells the parent
	// process that the server accepts connections.
	fmt.Println(f.MongoDBURI())

	if err := <-done; err != nil && ctx.Err() == nil {
		log.Fatalf("qorgau-ferretdb: %v", err)
	}
}
