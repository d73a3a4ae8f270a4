package mongo_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	mongoengine "github.com/sealane/sealane/frames/engines/mongo"
)

// The FerretDB server of the test binary and a client of it, started by
// TestMain; serverErr says why there is none (tests needing it fail with
// it, never skip).
var (
	serverURI string
	client    *mongo.Client
	serverErr error
	dbSeq     atomic.Int64
)

func TestMain(m *testing.M) {
	stop, err := startFerretDB()
	serverErr = err
	code := m.Run()
	if client != nil {
		_ = client.Disconnect(context.Background())
	}
	if stop != nil {
		stop()
	}
	os.Exit(code)
}

// startFerretDB runs FerretDB (SQLite backend) on a temporary directory and
// a free port, and connects a client.
func startFerretDB() (stop func(), err error) {
	dir, err := os.MkdirTemp("", "sealane-ferretdb-")
	if err != nil {
		return nil, err
	}
	var f *ferretdb.FerretDB
	for attempt := 0; attempt < 5; attempt++ {
		addr, perr := freeAddr()
		if perr != nil {
			return nil, perr
		}
		f, err = ferretdb.New(&ferretdb.Config{
			Listener:  ferretdb.ListenerConfig{TCP: addr},
			Handler:   "sqlite",
			SQLiteURL: "file:" + dir + "/",
			Logger:    slog.New(slog.NewTextHandler(io.Discard, nil)),
		})
		if err == nil {
			break
		}
	}
	if err != nil {
		_ = os.RemoveAll(dir)
		return nil, fmt.Errorf("start FerretDB: %w", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = f.Run(ctx)
	}()
	stop = func() {
		cancel()
		<-done
		_ = os.RemoveAll(dir)
	}
	serverURI = f.MongoDBURI()
	client, err = mongo.Connect(options.Client().ApplyURI(serverURI))
	if err != nil {
		stop()
		return nil, err
	}
	pctx, pcancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer pcancel()
	for {
		if err = client.Ping(pctx, nil); err == nil || pctx.Err() != nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		stop()
		return nil, fmt.Errorf("FerretDB does not answer: %w", err)
	}
	return stop, nil
}

func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer func() { _ = l.Close() }()
	return l.Addr().String(), nil
}

// newDB is a fresh database of the test server.
func newDB(t testing.TB) *mongo.Database {
	t.Helper()
	if serverErr != nil {
		t.Fatalf("FerretDB test server: %v", serverErr)
	}
	if client == nil {
		t.Fatal(errors.New("no FerretDB client"))
	}
	return client.Database(fmt.Sprintf("t%d", dbSeq.Add(1)))
}

// newEngine is an engine on a fresh database with a checked allocator
// whose balance is asserted when the test ends.
func newEngine(t *testing.T, opts ...mongoengine.Option) *mongoengine.Engine {
	t.Helper()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	t.Cleanup(func() { mem.AssertSize(t, 0) })
	e, err := mongoengine.New(context.Background(), newDB(t), append([]mongoengine.Option{mongoengine.WithAllocator(mem), mongoengine.WithBatchRows(1024)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return e
}
