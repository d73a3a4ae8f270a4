// Package catalog answers the warehouse's metadata statements and keeps its
// DDL bookkeeping: SHOW CATALOGS/SCHEMAS/TABLES/COLUMNS/VIEWS/FUNCTIONS,
// DESCRIBE TABLE/SCHEMA/CATALOG, SHOW CREATE TABLE and TBLPROPERTIES,
// CREATE/DROP CATALOG, what CREATE TABLE and CREATE SCHEMA say beyond what
// the engine holds (providers, partitioning, properties, schema comments),
// and the comments views carry over from their tables.
//
// It reads the engine's catalog through a session's connection (Conn) and
// knows nothing of HTTP, statements' lifecycle or results.
package catalog

import (
	"context"
	"strings"

	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/sealane/sealane/warehouse/engine"
	"github.com/sealane/sealane/warehouse/rowtable"
	"github.com/sealane/sealane/warehouse/sqlerr"
	"github.com/sealane/sealane/warehouse/sqlfront"
)

// Conn is what the catalog needs of a session: its engine connection, its
// namespace, and whether it has a transaction open.
type Conn interface {
	// Engine is the session's engine connection.
	Engine() engine.Session
	// Namespace returns the session's current catalog and schema.
	Namespace() (catalog, schema string)
	// UseNamespace makes catalog.schema the session's current namespace.
	UseNamespace(ctx context.Context, catalog, schema string) error
	// InTransaction reports whether the session has a transaction open.
	InTransaction() bool
}

// Catalog is the warehouse's catalog over one engine. Its bookkeeping lives
// as long as it does: a table reopened from a database file shows none.
type Catalog struct {
	eng engine.Engine
	ddl tableMetas
}

// New returns the catalog of eng.
func New(eng engine.Engine) *Catalog { return &Catalog{eng: eng} }

// Show answers SHOW CATALOGS / SCHEMAS / TABLES / COLUMNS.
func (s *Catalog) Show(ctx context.Context, ss Conn, cmd sqlfront.Command) (array.RecordReader, error) {
	return s.show(ctx, ss, cmd)
}

// Statement answers the DDL and metadata statements of the other kinds
// (DESCRIBE, SHOW VIEWS/FUNCTIONS/CREATE TABLE/TBLPROPERTIES, ALTER TABLE …
// TBLPROPERTIES); ok is false for a kind it does not answer.
func (s *Catalog) Statement(ctx context.Context, ss Conn, cmd sqlfront.Command) (rdr array.RecordReader, ok bool, err error) {
	return s.ddlStatement(ctx, ss, cmd)
}

// CreateCatalog answers CREATE CATALOG.
func (s *Catalog) CreateCatalog(ctx context.Context, ss Conn, cmd sqlfront.Command) (array.RecordReader, error) {
	return s.createCatalog(ctx, ss, cmd)
}

// DropCatalog answers DROP CATALOG.
func (s *Catalog) DropCatalog(ctx context.Context, ss Conn, cmd sqlfront.Command) (array.RecordReader, error) {
	return s.dropCatalog(ctx, ss, cmd)
}

// RunTranslated runs a translated statement on the session's connection
// with the bookkeeping its Databricks form needs (see runTranslated).
func (s *Catalog) RunTranslated(ctx context.Context, ss Conn, tr sqlfront.Translation, text string, args []any) (array.RecordReader, error) {
	return s.runTranslated(ctx, ss, tr, text, args)
}

// EngineCatalog maps a Databricks catalog name to the engine's database name.
func (s *Catalog) EngineCatalog(catalog string) string { return s.engineCatalog(catalog) }

func (s *Catalog) engineCatalog(catalog string) string {
	if db, ok := s.eng.CatalogMap()[strings.ToLower(catalog)]; ok {
		return db
	}
	return catalog
}

// engineRows runs q on the session's connection and returns its rows as text.
func (s *Catalog) engineRows(ctx context.Context, ss Conn, q string) ([][]string, error) {
	return rowtable.Rows(ctx, ss.Engine(), q)
}

func userErr(class, sqlState, msg string) error { return sqlerr.New(class, sqlState, msg) }

// quoteString is a SQL string literal.
func quoteString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
