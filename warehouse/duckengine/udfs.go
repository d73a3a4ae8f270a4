//go:build duckdb_arrow

package duckengine

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/sealane/sealane/warehouse/sqlfuncs"
)

// goScalar adapts a sqlfuncs.Func to duckdb-go's scalar UDF interface.
type goScalar struct {
	cfg  duckdb.ScalarFuncConfig
	eval func([]driver.Value) (any, error)
}

func (g *goScalar) Config() duckdb.ScalarFuncConfig { return g.cfg }

func (g *goScalar) Executor() duckdb.ScalarFuncExecutor {
	return duckdb.ScalarFuncExecutor{RowExecutor: g.eval}
}

// typeInfo reads a sqlfuncs type name (VARCHAR, FLOAT[], …).
func typeInfo(name string) (duckdb.TypeInfo, error) {
	if elem, ok := strings.CutSuffix(name, "[]"); ok {
		child, err := typeInfo(elem)
		if err != nil {
			return nil, err
		}
		return duckdb.NewListInfo(child)
	}
	t, ok := map[string]duckdb.Type{
		"BOOLEAN": duckdb.TYPE_BOOLEAN, "INTEGER": duckdb.TYPE_INTEGER, "BIGINT": duckdb.TYPE_BIGINT,
		"UBIGINT": duckdb.TYPE_UBIGINT, "FLOAT": duckdb.TYPE_FLOAT, "DOUBLE": duckdb.TYPE_DOUBLE,
		"VARCHAR": duckdb.TYPE_VARCHAR, "BLOB": duckdb.TYPE_BLOB, "ANY": duckdb.TYPE_ANY,
	}[name]
	if !ok {
		return nil, fmt.Errorf("duckengine: Go function type %q unknown", name)
	}
	return duckdb.NewTypeInfo(t)
}

// scalarOf builds the duckdb-go function of f.
func scalarOf(f sqlfuncs.Func) (*goScalar, error) {
	g := &goScalar{cfg: duckdb.ScalarFuncConfig{SpecialNullHandling: f.NullArgs, Volatile: f.Volatile}}
	for _, a := range f.Args {
		ti, err := typeInfo(a)
		if err != nil {
			return nil, err
		}
		g.cfg.InputTypeInfos = append(g.cfg.InputTypeInfos, ti)
	}
	if g.cfg.InputTypeInfos == nil {
		g.cfg.InputTypeInfos = []duckdb.TypeInfo{}
	}
	if f.Variadic != "" {
		ti, err := typeInfo(f.Variadic)
		if err != nil {
			return nil, err
		}
		g.cfg.VariadicTypeInfo = ti
	}
	ti, err := typeInfo(f.Result)
	if err != nil {
		return nil, err
	}
	g.cfg.ResultTypeInfo = ti
	eval := f.Eval
	g.eval = func(vals []driver.Value) (any, error) {
		args := make([]any, len(vals))
		for i, v := range vals {
			args[i] = v
		}
		return eval(args)
	}
	return g, nil
}

// registerGoFunctions registers every function of package sqlfuncs (the
// overloads of a name as one DuckDB function set).
// DuckDB keeps functions registered through its C API in the database's
// system catalog, so one connection's registration serves them all.
func registerGoFunctions(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("duckengine: Go functions: %w", err)
	}
	defer func() { _ = conn.Close() }()
	all := sqlfuncs.All()
	for i := 0; i < len(all); {
		j := i + 1
		for j < len(all) && all[j].Name == all[i].Name {
			j++
		}
		set := make([]duckdb.ScalarFunc, 0, j-i)
		for _, f := range all[i:j] {
			g, err := scalarOf(f)
			if err != nil {
				return err
			}
			set = append(set, g)
		}
		if len(set) == 1 {
			err = duckdb.RegisterScalarUDF(conn, all[i].Name, set[0])
		} else {
			err = duckdb.RegisterScalarUDFSet(conn, all[i].Name, set...)
		}
		if err != nil {
			return fmt.Errorf("duckengine: register %s: %w", all[i], err)
		}
		i = j
	}
	return nil
}
