// Command ferretserve runs FerretDB v1.24 (SQLite backend) in a process of
// its own, for the MongoDB engine's benchmarks (tests/mongo/bench), whose
// peak memory must not include the server's:
//
//	go run ./cmd/ferretserve -dir /tmp/fdb -listen 127.0.0.1:27018
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	dir := flag.String("dir", "", "directory of the SQLite databases (created)")
	listen := flag.String("listen", "127.0.0.1:27018", "TCP address")
	flag.Parse()
	if *dir == "" {
		fmt.Fprintln(os.Stderr, "ferretserve: -dir is required")
		os.Exit(2)
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "ferretserve:", err)
		os.Exit(1)
	}
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Handler:   "sqlite",
		SQLiteURL: "file:" + *dir + "/",
		Logger:    slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "ferretserve:", err)
		os.Exit(1)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	fmt.Println(f.MongoDBURI())
	_ = f.Run(ctx)
}
