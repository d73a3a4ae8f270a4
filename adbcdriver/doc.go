// Package adbcdriver is sealane's ADBC driver for Databricks SQL, in pure
// Go: an [adbc.Driver] over the kernel's Statement Execution API client.
//
//	drv := adbcdriver.NewDriver(memory.DefaultAllocator)
//	db, err := drv.NewDatabase(map[string]string{
//		"uri":                     "https://adb-1.azuredatabricks.net",
//		"databricks.http_path":    "/sql/1.0/warehouses/abc",
//		"databricks.access_token": token,
//	})
//	cnxn, err := db.Open(ctx)          // one SEA session per connection
//	stmt, err := cnxn.NewStatement()
//	err = stmt.SetSqlQuery("SELECT * FROM samples.nyctaxi.trips")
//	rdr, _, err := stmt.ExecuteQuery(ctx) // Arrow batches, streamed
//
// Database options are the kernel's string keys, documented in one table
// in adbcdriver/options (see options.ToConfig); statement options are
// the Option* constants of this package. Database, Connection and Statement
// implement [adbc.GetSetOptions]; Statement implements
// [adbc.StatementExecuteSchema]; all three implement [adbc.OTelTracing], and
// the Database [adbc.DatabaseLogging]. The context-first interfaces
// (adbc.DatabaseWithContext, …) differ from the classic ones only in
// signatures, so a single type cannot implement both: wrap with
// adbc.AsDatabaseContext when they are wanted. Errors are [adbc.Error]
// values with a precise Status, the SQLSTATE in SqlState, and the
// statement id, HTTP status and error code as details.
//
// Parameters: Bind and BindStream run the query once per bound row and
// concatenate the results (ExecuteUpdate sums the affected rows); columns
// fill ? markers by position, or :name markers by column name. Arrow types
// bind as the matching Databricks type (timestamps with a zone as
// TIMESTAMP, without as TIMESTAMP_NTZ, decimal128 as DECIMAL(p,s), null as
// VOID); other types are NotImplemented. GetParameterSchema has one
// null-typed field per marker ("?1", … or the name); ExecuteSchema uses
// DESCRIBE QUERY and runs nothing.
//
// Bulk ingest (adbc.ingest.target_table, .mode create/append/replace/
// create_append, target catalog and schema) creates the table from the
// bound schema and inserts the rows through multi-row INSERTs with bound
// parameters (at most 256 per statement): SEA has no bulk-load endpoint.
//
// Not implemented, each returning adbc.StatusNotImplemented with a message
// saying why: ExecutePartitions, ReadPartition (results are streamed),
// Substrait and temporary ingest tables. Databricks SQL runs in autocommit mode:
// Commit and Rollback return adbc.StatusInvalidState as ADBC prescribes.
//
// # Why a slim base instead of driverbase
//
// The Go ADBC drivers in arrow-adbc build on driver/internal/driverbase,
// which arrow-adbc v1.12.0 made internal, and the extracted
// github.com/adbc-drivers/driverbase-go compiles only against arrow-adbc
// v1.11.0 (it still calls the removed adbc.OTelTracingInit). Rather than pin
// an older ADBC or a fork, this package carries the few hundred lines of
// base it needs: typed option getters and setters over string ones
// (options.go), the GetInfo table (info.go), tracing (tracing.go) and the
// error mapping (errors.go). Moving onto a public driverbase later changes
// no exported API.
//
// The package builds with CGO_ENABLED=0; the C ABI export belongs in a
// separate cgo package.
package adbcdriver
