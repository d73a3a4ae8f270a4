package thriftgo

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"testing"

	dbsql "github.com/databricks/databricks-sql-go"

	"github.com/sealane/sealane/kernel"
	"github.com/sealane/sealane/sqldriver"
)

// benchQuery is bench/kernelbench's 5-column query.
const benchQuery = `SELECT id, id * 2 AS twice, CAST(id AS DOUBLE) / 3 AS third,
	'row_' || CAST(id %% 1000 AS VARCHAR) AS label, id %% 2 = 0 AS even FROM range(%d)`

// serve starts $SEALANE_BIN serve in its own process (the benchmark skips
// without it) and returns its host, port and http_path.
func serve(b *testing.B) (string, int, string) {
	b.Helper()
	bin := os.Getenv("SEALANE_BIN")
	if bin == "" {
		b.Skip("set SEALANE_BIN to a built sealane binary")
	}
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--token", token, "--json", "--log-level", "off")
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	line, err := bufio.NewReader(out).ReadBytes('\n')
	if err != nil {
		b.Fatal(err)
	}
	var ready struct {
		Host     string `json:"host"`
		Port     any    `json:"port"`
		HTTPPath string `json:"http_path"`
	}
	if err := json.Unmarshal(line, &ready); err != nil {
		b.Fatal(err)
	}
	port, _ := strconv.Atoi(fmt.Sprint(ready.Port))
	return ready.Host, port, ready.HTTPPath
}

func scanAll(b *testing.B, db *sql.DB, n int) {
	b.Helper()
	rows, err := db.QueryContext(context.Background(), fmt.Sprintf(benchQuery, n))
	if err != nil {
		b.Fatal(err)
	}
	var (
		id, twice int64
		third     float64
		label     string
		even      bool
		count     int
	)
	for rows.Next() {
		if err := rows.Scan(&id, &twice, &third, &label, &even); err != nil {
			b.Fatal(err)
		}
		count++
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	_ = rows.Close()
	if count != n {
		b.Fatalf("%d rows, want %d", count, n)
	}
}

// BenchmarkTenMillion reads 10M rows × 5 columns through database/sql from
// one `sealane serve`: databricks-sql-go over Thrift (CloudFetch on, its
// default) and sealane's own driver over SEA (the kernel).
//
//	SEALANE_BIN=$PWD/../../../bin/sealane go test -run '^$' -bench TenMillion -benchtime 3x .
func BenchmarkTenMillion(b *testing.B) {
	host, port, path := serve(b)
	const n = 10_000_000
	b.Run("databricks-sql-go/thrift", func(b *testing.B) {
		conn, err := dbsql.NewConnector(dbsql.WithServerHostname("http://"+host), dbsql.WithPort(port),
			dbsql.WithHTTPPath(path), dbsql.WithAccessToken(token))
		if err != nil {
			b.Fatal(err)
		}
		db := sql.OpenDB(conn)
		defer db.Close()
		for b.Loop() {
			scanAll(b, db, n)
		}
	})
	b.Run("sealane-sqldriver/sea", func(b *testing.B) {
		cfg := kernel.NewConfig(kernel.WithHost(fmt.Sprintf("http://%s:%d", host, port)), kernel.WithHTTPPath(path), kernel.WithAccessToken(token))
		db := sql.OpenDB(sqldriver.NewConnectorFromConfig(cfg))
		defer db.Close()
		for b.Loop() {
			scanAll(b, db, n)
		}
	})
}
