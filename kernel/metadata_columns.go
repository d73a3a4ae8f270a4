package kernel

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strings"

	"golang.org/x/sync/errgroup"
)

// Columns come from SHOW COLUMNS. A service lists the columns of several
// catalogs in one statement, SHOW COLUMNS IN ALL CATALOGS; older services
// reject that form as a syntax error (sea-protocol §5.1), and then the
// kernel lists them per catalog, SHOW COLUMNS IN CATALOG `c`, as
// databricks-jdbc does. A Conn remembers the rejection and goes straight to
// the per-catalog form afterwards.

// syntaxErrorState is the SQLSTATE of a syntax error (PARSE_SYNTAX_ERROR).
const syntaxErrorState = "42601"

// All-catalog support states of a Conn (Conn.allCatalogColumns).
const (
	allCatalogsUnknown int32 = iota
	allCatalogsSupported
	allCatalogsRejected
)

// rejectedAsSyntax reports whether err is a statement that failed as a
// syntax error: state FAILED, SQLSTATE 42601, and an error class, when the
// message names one ("[CLASS] …"), of PARSE_SYNTAX_ERROR. That is how a
// service without SHOW COLUMNS IN ALL CATALOGS answers it. Any other
// failure — HTTP errors, other classes with the same SQLSTATE such as
// INVALID_FORMAT, a missing table — is not a rejection.
func rejectedAsSyntax(err error) bool {
	var e *Error
	if !errors.As(err, &e) || !errors.Is(err, ErrStatementFailed) || e.SQLState != syntaxErrorState {
		return false
	}
	msg := strings.TrimSpace(e.Message)
	if class, _, ok := strings.Cut(strings.TrimPrefix(msg, "["), "]"); ok && strings.HasPrefix(msg, "[") {
		return class == "PARSE_SYNTAX_ERROR"
	}
	return true
}

// allCatalogsColumns runs SHOW COLUMNS IN ALL CATALOGS with the patterns,
// keeping the columns of the catalogs keep accepts. ok is false, with no
// error, when the service rejects the statement (rejectedAsSyntax) or
// rejected it before on this Conn: the caller then lists per catalog.
func (c *Conn) allCatalogsColumns(ctx context.Context, keep func(string) bool, schemaPattern, tablePattern, columnPattern string) (cols []ColumnInfo, ok bool, err error) {
	if c.allCatalogColumns.Load() == allCatalogsRejected {
		return nil, false, nil
	}
	cols, err = c.showColumns(ctx, scope{keep: keep}, schemaPattern, tablePattern, columnPattern)
	switch {
	case err == nil:
		c.allCatalogColumns.CompareAndSwap(allCatalogsUnknown, allCatalogsSupported)
		return cols, true, nil
	case rejectedAsSyntax(err) && c.allCatalogColumns.Load() != allCatalogsSupported:
		c.allCatalogColumns.Store(allCatalogsRejected)
		c.cfg.Logger.DebugContext(ctx, "SHOW COLUMNS IN ALL CATALOGS rejected; listing columns per catalog")
		return nil, false, nil
	}
	return nil, false, err
}

// showColumns runs SHOW COLUMNS IN {CATALOG `c` | ALL CATALOGS} with the
// patterns; in ALL CATALOGS form the result must name each row's catalog.
func (c *Conn) showColumns(ctx context.Context, sc scope, schemaPattern, tablePattern, columnPattern string) ([]ColumnInfo, error) {
	sm, tm, cm := newMatcher(schemaPattern), newMatcher(tablePattern), newMatcher(columnPattern)
	sql := "SHOW COLUMNS" + sc.in("CATALOG ") + likeClause("SCHEMA ", schemaPattern) +
		likeClause("TABLE ", tablePattern) + likeClause("", columnPattern)
	required := []string{"col_name", "namespace", "tableName", "columnType"}
	if sc.one == "" {
		required = append(required, "catalogName")
	}
	var out []ColumnInfo
	err := c.show(ctx, sql, required, func(r showRow) {
		cat, ok := sc.catalog(r.str("catalogName"))
		col := ColumnInfo{
			Catalog: cat, Schema: r.str("namespace"), Table: r.str("tableName"),
			Column: r.str("col_name"), TypeText: r.str("columnType"),
			ColumnSize: r.int32p("columnSize"), DecimalDigits: r.int32p("decimalDigits"), Radix: r.int32p("radix"),
			Nullable: r.flag("isNullable"), Remarks: r.str("remarks"), OrdinalPosition: r.int32p("ordinalPosition"),
			AutoIncrement: r.flag("isAutoIncrement"), Generated: r.flag("isGenerated"),
		}
		if ok && sm.match(col.Schema) && tm.match(col.Table) && cm.match(col.Column) {
			out = append(out, col)
		}
	})
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(out, compareColumns)
	return out, nil
}

func compareColumns(a, b ColumnInfo) int {
	pos := func(c ColumnInfo) int32 {
		if c.OrdinalPosition == nil {
			return 0
		}
		return *c.OrdinalPosition
	}
	return cmp.Or(cmp.Compare(a.Catalog, b.Catalog), cmp.Compare(a.Schema, b.Schema), cmp.Compare(a.Table, b.Table),
		cmp.Compare(pos(a), pos(b)))
}

// columnsIn runs one SHOW COLUMNS IN CATALOG per catalog,
// metadataParallelism at a time, and concatenates the results in catalog
// order.
func (c *Conn) columnsIn(ctx context.Context, catalogs []string, schemaPattern, tablePattern, columnPattern string) ([]ColumnInfo, error) {
	parts := make([][]ColumnInfo, len(catalogs))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(metadataParallelism)
	for i, cat := range catalogs {
		g.Go(func() error {
			cols, err := c.showColumns(gctx, scope{one: cat}, schemaPattern, tablePattern, columnPattern)
			parts[i] = cols
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return slices.Concat(parts...), nil
}
