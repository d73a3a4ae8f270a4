package catalog

import (
	"context"
	"fmt"
	"strings"

	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/sealane/sealane/warehouse/rowtable"
	"github.com/sealane/sealane/warehouse/sqlfront"
)

// createCatalog answers CREATE CATALOG: a new in-memory DuckDB database
// attached under the catalog's name, with the schema "default" that a new
// Unity Catalog catalog has. Names are case-insensitive, kept in lower case.
func (s *Catalog) createCatalog(ctx context.Context, ss Conn, cmd sqlfront.Command) (array.RecordReader, error) {
	name := strings.ToLower(cmd.Catalog)
	exists, err := s.catalogExists(ctx, ss, name)
	if err != nil {
		return nil, err
	}
	if exists {
		if cmd.IfExists {
			return rowtable.Empty(), nil
		}
		return nil, userErr("CATALOG_ALREADY_EXISTS", "42P04", fmt.Sprintf("Cannot create catalog `%s` because it already exists.", name))
	}
	for _, q := range []string{
		"ATTACH ':memory:' AS " + quoteIdent(name),
		"CREATE SCHEMA " + quoteIdent(name) + `."default"`,
	} {
		if err := s.exec(ctx, ss, q); err != nil {
			return nil, err
		}
	}
	return rowtable.Empty(), nil
}

// dropCatalog answers DROP CATALOG by detaching the catalog's database.
// The built-in catalogs cannot be dropped.
func (s *Catalog) dropCatalog(ctx context.Context, ss Conn, cmd sqlfront.Command) (array.RecordReader, error) {
	name := strings.ToLower(cmd.Catalog)
	if _, builtin := s.eng.CatalogMap()[name]; builtin || name == "system" || name == "temp" || name == "memory" {
		return nil, userErr("UNSUPPORTED_FEATURE", "0A000", fmt.Sprintf("The catalog `%s` cannot be dropped.", name))
	}
	exists, err := s.catalogExists(ctx, ss, name)
	if err != nil {
		return nil, err
	}
	if !exists {
		if cmd.IfExists {
			return rowtable.Empty(), nil
		}
		return nil, userErr("NO_SUCH_CATALOG_EXCEPTION", "42704", fmt.Sprintf("Catalog '%s' was not found.", name))
	}
	current, _ := ss.Namespace()
	if strings.EqualFold(current, name) {
		if err := ss.UseNamespace(ctx, "main", "default"); err != nil {
			return nil, err
		}
	}
	return rowtable.Empty(), s.exec(ctx, ss, "DETACH "+quoteIdent(name))
}

// catalogExists reports whether a database of that name is attached.
func (s *Catalog) catalogExists(ctx context.Context, ss Conn, name string) (bool, error) {
	rows, err := s.engineRows(ctx, ss, "SELECT 1 FROM duckdb_databases() WHERE database_name = "+quoteString(name))
	return len(rows) > 0, err
}

// exec runs an engine statement for its effect.
func (s *Catalog) exec(ctx context.Context, ss Conn, q string) error {
	_, err := s.engineRows(ctx, ss, q)
	return err
}

// quoteIdent is a DuckDB identifier.
func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
