package adbcdriver_test

import (
	"context"
	"testing"

	"github.com/apache/arrow-adbc/go/adbc"
	"github.com/apache/arrow-adbc/go/adbc/validation"
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/stretchr/testify/require"
	"github.com/stretchr/testify/suite"

	"github.com/sealane/sealane/adbcdriver"
	"github.com/sealane/sealane/warehouse"
)

// quirks describes the driver to the ADBC validation suite. Features that
// are not there yet are switched off through the Supports* methods.
type quirks struct {
	e       *env
	mem     *memory.CheckedAllocator
	catalog string
}

func (q *quirks) SetupDriver(*testing.T) adbc.Driver {
	q.mem = memory.NewCheckedAllocator(memory.NewGoAllocator())
	return adbcdriver.NewDriver(q.mem)
}

func (q *quirks) TearDownDriver(t *testing.T, _ adbc.Driver) { q.mem.AssertSize(t, 0) }

func (q *quirks) DatabaseOptions() map[string]string { return q.e.options() }

func (q *quirks) BindParameter(int) string { return "?" }

// SupportsBulkIngest: every mode, through DDL and parameterised INSERTs.
func (q *quirks) SupportsBulkIngest(string) bool { return true }

// SupportsConcurrentStatements: statements share the session safely.
func (q *quirks) SupportsConcurrentStatements() bool { return true }

// SupportsCurrentCatalogSchema: through current_catalog()/current_schema().
func (q *quirks) SupportsCurrentCatalogSchema() bool { return true }

func (q *quirks) SupportsGetSetOptions() bool { return true }

// SupportsExecuteSchema: through DESCRIBE QUERY.
func (q *quirks) SupportsExecuteSchema() bool { return true }

// SupportsPartitionedData: results are streamed, not partitioned.
func (q *quirks) SupportsPartitionedData() bool { return false }

// SupportsStatistics: GetStatistics is not implemented.
func (q *quirks) SupportsStatistics() bool { return false }

// SupportsTransactions: Databricks SQL statements auto-commit.
func (q *quirks) SupportsTransactions() bool { return false }

// SupportsGetParameterSchema: one null-typed field per marker.
func (q *quirks) SupportsGetParameterSchema() bool { return true }

// SupportsDynamicParameterBinding: Bind and BindStream run the query once per row.
func (q *quirks) SupportsDynamicParameterBinding() bool { return true }

// SupportsErrorIngestIncompatibleSchema: the suite wants StatusInternal for
// creating an existing table; the service reports TABLE_OR_VIEW_ALREADY_EXISTS
// (42P07), which this driver maps to StatusAlreadyExists.
func (q *quirks) SupportsErrorIngestIncompatibleSchema() bool { return false }

func (q *quirks) GetMetadata(code adbc.InfoCode) any {
	switch code {
	case adbc.InfoDriverName:
		return adbcdriver.DriverName
	case adbc.InfoDriverVersion:
		return adbcdriver.DriverVersion
	case adbc.InfoDriverArrowVersion:
		return "v" + arrow.PkgVersion
	case adbc.InfoDriverADBCVersion:
		return adbc.AdbcVersion1_1_0
	case adbc.InfoVendorName:
		return adbcdriver.VendorName
	}
	return nil // VendorVersion and VendorArrowVersion are unknown
}

// CreateSampleTable creates the table with SQL literals (createTableFrom).
func (q *quirks) CreateSampleTable(name string, rec arrow.RecordBatch) error {
	return createTableFrom(q.e.drv, q.DatabaseOptions(), name, rec)
}

func (q *quirks) SampleTableSchemaMetadata(string, arrow.DataType) arrow.Metadata {
	return arrow.Metadata{}
}

func (q *quirks) DropTable(cnxn adbc.Connection, name string) error {
	stmt, err := cnxn.NewStatement()
	if err != nil {
		return err
	}
	defer func() { _ = stmt.Close() }()
	if err := stmt.SetSqlQuery("DROP TABLE IF EXISTS `" + name + "`"); err != nil {
		return err
	}
	_, err = stmt.ExecuteUpdate(context.Background())
	return err
}

func (q *quirks) Catalog() string         { return q.catalog }
func (q *quirks) DBSchema() string        { return "default" }
func (q *quirks) Alloc() memory.Allocator { return q.mem }

// connectionTests runs the suite's connection tests as they are.
type connectionTests struct{ validation.ConnectionTests }

// statementTests runs the suite's statement tests but two: TestSqlIngestInts
// and TestSqlIngestAppend read the ingested table back with ANSI
// double-quoted identifiers (`ORDER BY "int64s"`), which Databricks SQL
// reads as string literals, so a Databricks SQL warehouse refuses the query
// (ORDER BY a non-integer literal) as the local one does. Ingesting ints and
// appending are checked by TestBulkIngestModesAndBatching instead.
type statementTests struct{ validation.StatementTests }

// TestSqlIngestInts is skipped: see statementTests.
func (s *statementTests) TestSqlIngestInts() {
	s.T().Skip(`the suite's ORDER BY "int64s" is a string literal in Databricks SQL`)
}

// TestSqlIngestAppend is skipped: see statementTests.
func (s *statementTests) TestSqlIngestAppend() {
	s.T().Skip(`the suite's ORDER BY "int64s" is a string literal in Databricks SQL`)
}

func TestValidationSuite(t *testing.T) {
	e := newEnv(t, warehouse.Config{})
	q := &quirks{e: e}
	_, cnxn := e.open(t, e.options())
	cat, err := cnxn.(adbc.GetSetOptions).GetOption(adbc.OptionKeyCurrentCatalog)
	require.NoError(t, err)
	q.catalog = cat

	t.Run("Database", func(t *testing.T) { suite.Run(t, &validation.DatabaseTests{Quirks: q}) })
	t.Run("Connection", func(t *testing.T) {
		suite.Run(t, &connectionTests{validation.ConnectionTests{Quirks: q}})
	})
	t.Run("Statement", func(t *testing.T) { suite.Run(t, &statementTests{validation.StatementTests{Quirks: q}}) })
}
