// Command ferretdb runs an embedded FerretDB (MongoDB wire protocol) on the
// SQLite backend for CommerceX's local infra; scripts/infra.mjs builds it into
// .infra/bin/ferretdb. Embedding the library package, rather than installing
// FerretDB's own cmd/ferretdb, avoids that command's start-up panic when its
// generated build/version/version.txt is absent.
package main

import (
	"context"
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
	flag.Parse()

	if *pprofAddr != "" {
		go func() {
			fmt.Fprintln(os.Stderr, "ferretdb: pprof:", http.ListenAndServe(*pprofAddr, nil))
		}()
	}

	if err := run(net.JoinHostPort(*host, *port), *dataDir, *logLevel); err != nil {
		fmt.Fprintln(os.Stderr, "ferretdb:", err)
		os.Exit(1)
	}
}

func run(addr, dataDir, logLevel string) error {
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

	// The SQLite backend wants a file: URI naming an existing directory, with a trailing slash.
	sqliteURL := (&url.URL{Scheme: "file", Path: strings.TrimSuffix(dir, "/") + "/"}).String()

	// The embeddable package never starts the telemetry reporter and marks telemetry disabled.
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: addr},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: sqliteURL,
	})
	if err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	go keepIDIndexes(ctx, dir, time.Second, logger)

	logger.Info("FerretDB listening", "addr", addr, "sqlite", sqliteURL)
	if err = f.Run(ctx); err != nil {
		return err
	}
	logger.Info("FerretDB stopped")

	return nil
}

func envOr(key, fallback string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return fallback
}
