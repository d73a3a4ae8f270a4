package kernel_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/kernel"
	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
)

// allCatalogsSQL starts the statement older services reject.
const allCatalogsSQL = "SHOW COLUMNS IN ALL CATALOGS"

// parseSyntaxError is how a service without SHOW COLUMNS IN ALL CATALOGS
// answers it (sea-protocol §2.2's FAILED example).
var parseSyntaxError = sea.StatementStatus{State: sea.StateFailed, SQLState: "42601", Error: &sea.ServiceError{
	ErrorCode: "BAD_REQUEST", Message: "[PARSE_SYNTAX_ERROR] Syntax error at or near 'ALL'. SQLSTATE: 42601"}}

// rejectAllCatalogs makes e answer SHOW COLUMNS IN ALL CATALOGS with st,
// as an older service would; every other statement reaches the warehouse.
func (e *env) rejectAllCatalogs(st sea.StatementStatus) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.reject = func(sql string) *sea.StatementStatus {
		if strings.HasPrefix(sql, allCatalogsSQL) {
			return &st
		}
		return nil
	}
}

// countPrefix counts the statements starting with prefix.
func countPrefix(sqls []string, prefix string) int {
	n := 0
	for _, s := range sqls {
		if strings.HasPrefix(s, prefix) {
			n++
		}
	}
	return n
}

// TestMetadataAllCatalogsFastPath: against the local warehouse, which
// supports it, depth all over two catalogs is four statements, one of them
// SHOW COLUMNS IN ALL CATALOGS with the patterns, and Columns over a
// catalog pattern is that statement alone, filtered to the matching
// catalogs.
func TestMetadataAllCatalogsFastPath(t *testing.T) {
	e, c := metaEnv(t)
	ctx := context.Background()
	tree, err := c.Objects(ctx, kernel.ObjectsFilter{Depth: kernel.DepthColumns, Catalog: "meta%", Column: "%d"})
	require.NoError(t, err)
	require.Equal(t, wantObjectsTree, treeLines(tree))
	sqls := e.statementsSQL()
	require.Len(t, sqls, 4, "%q", sqls)
	require.Contains(t, sqls, allCatalogsSQL+" LIKE '*d'")
	require.Zero(t, countPrefix(sqls, "SHOW COLUMNS IN CATALOG"))

	cols, err := c.Columns(ctx, "meta_1", "sales", "%", "id")
	require.NoError(t, err)
	require.Equal(t, []string{allCatalogsSQL + " SCHEMA LIKE 'sales' LIKE 'id'"}, e.statementsSQL())
	var where []string
	for _, col := range cols {
		where = append(where, col.Catalog+"."+col.Schema+"."+col.Table+"."+col.Column)
	}
	require.Equal(t, []string{"meta_1.sales.order_view.id", "meta_1.sales.orders.id", "metax1.sales.items.id"}, where)
}

// TestMetadataAllCatalogsFallback: a service that rejects SHOW COLUMNS IN
// ALL CATALOGS with PARSE_SYNTAX_ERROR gets the per-catalog form, with the
// same answers; the Conn remembers, so later calls do not try again.
func TestMetadataAllCatalogsFallback(t *testing.T) {
	e := newEnv(t, warehouse.Config{})
	setup := connect(t, e)
	for _, q := range metaFixture {
		rdr, err := setup.Query(context.Background(), q)
		require.NoError(t, err, q)
		rdr.Release()
	}
	e.rejectAllCatalogs(parseSyntaxError)
	ctx := context.Background()
	f := kernel.ObjectsFilter{Depth: kernel.DepthColumns, Catalog: "meta%", Column: "%d"}

	c := connect(t, e)
	e.statementsSQL()
	tree, err := c.Objects(ctx, f)
	require.NoError(t, err)
	require.Equal(t, wantObjectsTree, treeLines(tree))
	sqls := e.statementsSQL()
	require.Equal(t, 1, countPrefix(sqls, allCatalogsSQL), "tried once: %q", sqls)
	require.Equal(t, []string{"SHOW COLUMNS IN CATALOG `meta_1` LIKE '*d'", "SHOW COLUMNS IN CATALOG `metax1` LIKE '*d'"},
		filterPrefix(sqls, "SHOW COLUMNS IN CATALOG"))
	require.Len(t, sqls, 6, "catalogs + schemas + tables + the rejected statement + 2 catalogs")

	tree, err = c.Objects(ctx, f)
	require.NoError(t, err)
	require.Equal(t, wantObjectsTree, treeLines(tree))
	sqls = e.statementsSQL()
	require.Zero(t, countPrefix(sqls, allCatalogsSQL), "remembered: %q", sqls)
	require.Len(t, sqls, 5)

	cols, err := c.Columns(ctx, "meta_1", "sales", "%", "id")
	require.NoError(t, err)
	require.Len(t, cols, 3)
	sqls = e.statementsSQL()
	require.Equal(t, []string{"SHOW CATALOGS LIKE 'meta.1'", "SHOW COLUMNS IN CATALOG `meta_1` SCHEMA LIKE 'sales' LIKE 'id'",
		"SHOW COLUMNS IN CATALOG `metax1` SCHEMA LIKE 'sales' LIKE 'id'"}, sortedTail(sqls, 1))

	// Columns on a fresh Conn meets the rejection first.
	c2 := connect(t, e)
	e.statementsSQL()
	cols2, err := c2.Columns(ctx, "meta_1", "sales", "%", "id")
	require.NoError(t, err)
	require.Equal(t, cols, cols2)
	sqls = e.statementsSQL()
	require.Equal(t, allCatalogsSQL+" SCHEMA LIKE 'sales' LIKE 'id'", sqls[0])
	require.Len(t, sqls, 4)
}

// TestMetadataAllCatalogsOtherFailures: only a syntax error means the
// statement is unsupported; other failures of SHOW COLUMNS IN ALL CATALOGS
// — including another error class with SQLSTATE 42601 — are returned,
// with no per-catalog statements after them.
func TestMetadataAllCatalogsOtherFailures(t *testing.T) {
	for name, st := range map[string]sea.StatementStatus{
		"permission": {State: sea.StateFailed, SQLState: "42501", Error: &sea.ServiceError{
			ErrorCode: "PERMISSION_DENIED", Message: "[INSUFFICIENT_PERMISSIONS] User does not have USE CATALOG. SQLSTATE: 42501"}},
		"invalid format": {State: sea.StateFailed, SQLState: "42601", Error: &sea.ServiceError{
			ErrorCode: "BAD_REQUEST", Message: "[INVALID_FORMAT] The pattern is invalid. SQLSTATE: 42601"}},
	} {
		t.Run(name, func(t *testing.T) {
			e, c := metaEnv(t)
			e.rejectAllCatalogs(st)
			_, err := c.Objects(context.Background(), kernel.ObjectsFilter{Depth: kernel.DepthColumns, Catalog: "meta%"})
			require.ErrorIs(t, err, kernel.ErrStatementFailed)
			require.ErrorContains(t, err, st.Error.Message)

			_, err = c.Columns(context.Background(), "meta%", "", "", "")
			require.ErrorIs(t, err, kernel.ErrStatementFailed)
			// (SHOW SCHEMAS and TABLES, canceled with Objects, may reach the
			// server late: only the SHOW COLUMNS are counted.)
			sqls := e.statementsSQL()
			require.Equal(t, 2, countPrefix(sqls, allCatalogsSQL), "tried again: the failure was not a rejection: %q", sqls)
			require.Zero(t, countPrefix(sqls, "SHOW COLUMNS IN CATALOG"), "no fallback: %q", sqls)
		})
	}
}

// filterPrefix keeps the statements starting with prefix, sorted.
func filterPrefix(sqls []string, prefix string) []string {
	var out []string
	for _, s := range sqls {
		if strings.HasPrefix(s, prefix) {
			out = append(out, s)
		}
	}
	return sortedTail(out, 0)
}

// sortedTail returns sqls with the statements from index from on sorted
// (those run in parallel, in any order).
func sortedTail(sqls []string, from int) []string {
	out := slices.Clone(sqls)
	slices.Sort(out[from:])
	return out
}
