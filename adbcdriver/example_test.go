package adbcdriver_test

import (
	"context"
	"fmt"
	"log"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/sealane/sealane/adbcdriver"
)

// Example queries a workspace (it is compiled, not run: it needs a warehouse).
func Example() {
	ctx := context.Background()
	drv := adbcdriver.NewDriver(memory.DefaultAllocator)
	db, err := drv.NewDatabase(map[string]string{
		"databricks.server_hostname": "adb-1234567890123456.7.azuredatabricks.net",
		"databricks.http_path":       "/sql/1.0/warehouses/abcdef0123456789",
		"databricks.access_token":    "dapi…",
		"databricks.catalog":         "samples",
	})
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	cnxn, err := db.Open(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer cnxn.Close()
	stmt, err := cnxn.NewStatement()
	if err != nil {
		log.Fatal(err)
	}
	defer stmt.Close()
	if err := stmt.SetSqlQuery("SELECT * FROM nyctaxi.trips"); err != nil {
		log.Fatal(err)
	}
	if err := stmt.SetOption(adbcdriver.OptionStatementRowLimit, "1000"); err != nil {
		log.Fatal(err)
	}
	rdr, _, err := stmt.ExecuteQuery(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer rdr.Release()
	var rows int64
	for rdr.Next() {
		rows += rdr.RecordBatch().NumRows()
	}
	if err := rdr.Err(); err != nil {
		log.Fatal(err)
	}
	fmt.Println(rows, "rows")
}
