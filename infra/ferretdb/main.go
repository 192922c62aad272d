// Command ferretdb runs an embedded FerretDB (MongoDB wire protocol) on the
// SQLite backend for CommerceX's local infra; scripts/infra.mjs builds it into
// .infra/bin/ferretdb. Embedding the library package, rather than installing
// FerretDB's own cmd/ferretdb, avoids that command's start-up panic when its
// generated build/version/version.txt is absent.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	_ "net/http/pprof" // served only when -pprof-addr is set
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	host := flag.String("host", envOr("FERRETDB_HOST", "127.0.0.1"), "listen host (env FERRETDB_HOST)")
	port := flag.String("port", envOr("FERRETDB_PORT", "27017"), "listen TCP port (env FERRETDB_PORT)")
	dataDir := flag.String("data-dir", envOr("FERRETDB_DATA_DIR", "data"), "SQLite data directory (env FERRETDB_DATA_DIR)")
	logLevel := flag.String("log-level", envOr("FERRETDB_LOG_LEVEL", "info"), "debug, info, warn or error (env FERRETDB_LOG_LEVEL)")
	pprofAddr := flag.String("pprof-addr", envOr("FERRETDB_PPROF_ADDR", ""), "serve Go's /debug/pprof on this address, e.g. 127.0.0.1:6060 (env FERRETDB_PPROF_ADDR)")
	maxInFlight := flag.String("max-in-flight", envOr("FERRETDB_MAX_IN_FLIGHT", "64"), "requests let into FerretDB at once, below its 100 SQLite connections per database (env FERRETDB_MAX_IN_FLIGHT)")
	flag.Parse()

	inFlight, err := strconv.Atoi(*maxInFlight)
	if err != nil || inFlight < 1 || inFlight > 99 {
		fmt.Fprintf(os.Stderr, "ferretdb: FERRETDB_MAX_IN_FLIGHT must be a whole number from 1 to 99 (got %q): FerretDB has 100 SQLite connections per database, and at 100 requests in flight its updates can deadlock them\n", *maxInFlight)
		os.Exit(2)
	}

	if *pprofAddr != "" {
		go func() {
			fmt.Fprintln(os.Stderr, "ferretdb: pprof:", http.ListenAndServe(*pprofAddr, nil))
		}()
	}

	if err := run(net.JoinHostPort(*host, *port), *dataDir, *logLevel, inFlight); err != nil {
		fmt.Fprintln(os.Stderr, "ferretdb:", err)
		os.Exit(1)
	}
}

func run(addr, dataDir, logLevel string, maxInFlight int) error {
	var level slog.Level
	if err := level.UnmarshalText([]byte(logLevel)); err != nil {
		return fmt.Errorf("bad log level %q: %w", logLevel, err)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	dir, err := filepath.Abs(dataDir)
	if err != nil {
		return err
	}
	if err = os.MkdirAll(dir, 0o755); err != nil {
		return err
	}

	// Before FerretDB opens its files: nothing else uses them while this pass runs.
	if err = indexLegacyTables(context.Background(), dir, logger); err != nil {
		return fmt.Errorf("indexing tables of an earlier build: %w", err)
	}

	// The SQLite backend wants a file: URI naming an existing directory, with a trailing slash.
	sqliteURL := (&url.URL{Scheme: "file", Path: strings.TrimSuffix(dir, "/") + "/"}).String()

	// FerretDB itself listens on a Unix socket beside its data; clients reach it through the gate (gate.go).
	socket := filepath.Join(filepath.Dir(dir), "ferretdb.sock")
	if err = os.Remove(socket); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}

	// The embeddable package never starts the telemetry reporter and marks telemetry disabled.
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{Unix: socket},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: sqliteURL,
	})
	if err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	served := make(chan error, 1)
	go func() {
		served <- f.Run(ctx)
		cancel()
	}()

	if err = waitForSocket(ctx, socket); err != nil {
		return err
	}

	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	g := newGate(maxInFlight, func() (net.Conn, error) { return net.Dial("unix", socket) }, logger)

	logger.Info("FerretDB listening", "addr", addr, "sqlite", sqliteURL, "max_in_flight", maxInFlight)
	gateErr := g.serve(ctx, ln)
	cancel()
	if err = <-served; err != nil {
		return err
	}
	logger.Info("FerretDB stopped")

	return gateErr
}

// waitForSocket waits until FerretDB accepts connections on its socket, so
// that the TCP port opens only once requests can be served.
func waitForSocket(ctx context.Context, socket string) error {
	deadline := time.Now().Add(30 * time.Second)
	for {
		_, err := os.Stat(socket)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil || time.Now().After(deadline) {
			return fmt.Errorf("FerretDB did not open %s: %w", socket, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func envOr(key, fallback string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return fallback
}
