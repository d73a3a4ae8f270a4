//go:build duckdb_arrow

package duckengine

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/sealane/sealane/warehouse/variantjson"
)

// Go scalar functions the front end's function catalog calls (named slgo_…
// so that they never collide with the sl_ macros). DuckDB keeps a scalar
// function in its system catalog, so registering them once, on one
// connection, makes them visible to every session of the database.

// udf is one Go scalar function: argument and result types by DuckDB name,
// an optional variadic type, and the row function.
type udf struct {
	name     string
	args     []duckdb.Type
	variadic duckdb.Type // 0: none
	nulls    bool        // the function sees NULL arguments (else NULL in, NULL out)
	result   duckdb.Type
	row      func(values []driver.Value) (any, error)
}

func (u *udf) Config() duckdb.ScalarFuncConfig {
	info := func(t duckdb.Type) duckdb.TypeInfo {
		ti, err := duckdb.NewTypeInfo(t)
		if err != nil {
			panic(fmt.Sprintf("duckengine: type of %s: %v", u.name, err)) // a programming error in the table below
		}
		return ti
	}
	cfg := duckdb.ScalarFuncConfig{ResultTypeInfo: info(u.result), SpecialNullHandling: u.nulls}
	for _, a := range u.args {
		cfg.InputTypeInfos = append(cfg.InputTypeInfos, info(a))
	}
	if u.variadic != 0 {
		cfg.VariadicTypeInfo = info(u.variadic)
	}
	return cfg
}

func (u *udf) Executor() duckdb.ScalarFuncExecutor {
	return duckdb.ScalarFuncExecutor{RowExecutor: u.row}
}

// variantError words an edit's failure with a Databricks error class and
// SQLSTATE, which the engine's error classification keeps.
func variantError(fn string, err error) error {
	if errors.Is(err, variantjson.ErrPath) {
		return fmt.Errorf("[INVALID_VARIANT_GET_PATH] %s: %w SQLSTATE: 22023", fn, err)
	}
	// Spark 4.3's class for an edit that does not fit the value was not
	// recorded (its examples show only the try_ forms' NULL).
	return fmt.Errorf("[INVALID_VARIANT_EDIT] %s: %w SQLSTATE: 22023", fn, err)
}

// str reads a VARCHAR argument.
func str(v driver.Value) string {
	s, _ := v.(string)
	return s
}

// edits builds the function and its try_ form (NULL instead of an error).
func edits(name string, args []duckdb.Type, f func(values []driver.Value) (string, error)) []*udf {
	strict := &udf{name: "slgo_" + name, args: args, result: duckdb.TYPE_VARCHAR, row: func(values []driver.Value) (any, error) {
		out, err := f(values)
		if err != nil {
			return nil, variantError(name, err)
		}
		return out, nil
	}}
	try := &udf{name: "slgo_try_" + name, args: args, result: duckdb.TYPE_VARCHAR, row: func(values []driver.Value) (any, error) {
		out, err := f(values)
		if err != nil {
			return nil, nil //nolint:nilnil // SQL NULL is the try_ form's answer to a failed edit
		}
		return out, nil
	}}
	return []*udf{strict, try}
}

// udfs lists the Go scalar functions.
func udfs() []*udf {
	v := duckdb.TYPE_VARCHAR
	var out []*udf
	out = append(out, edits("variant_set", []duckdb.Type{v, v, v, duckdb.TYPE_BOOLEAN}, func(x []driver.Value) (string, error) {
		create, _ := x[3].(bool)
		return variantjson.Set(str(x[0]), str(x[1]), str(x[2]), create)
	})...)
	out = append(out, edits("variant_insert", []duckdb.Type{v, v, v}, func(x []driver.Value) (string, error) {
		return variantjson.Insert(str(x[0]), str(x[1]), str(x[2]))
	})...)
	out = append(out, edits("variant_array_append", []duckdb.Type{v, v, v}, func(x []driver.Value) (string, error) {
		return variantjson.ArrayAppend(str(x[0]), str(x[1]), str(x[2]))
	})...)
	out = append(out,
		&udf{name: "slgo_variant_delete", args: []duckdb.Type{v}, variadic: v, nulls: true, result: v,
			row: func(x []driver.Value) (any, error) {
				if x[0] == nil {
					return nil, nil //nolint:nilnil // NULL in, NULL out
				}
				var paths []string
				for _, p := range x[1:] {
					if p != nil { // a NULL path deletes nothing
						paths = append(paths, str(p))
					}
				}
				out, err := variantjson.Delete(str(x[0]), paths)
				if err != nil {
					return nil, variantError("variant_delete", err)
				}
				return out, nil
			}},
		&udf{name: "slgo_variant_strip_nulls", args: []duckdb.Type{v, duckdb.TYPE_BOOLEAN}, result: v,
			row: func(x []driver.Value) (any, error) {
				recursive, _ := x[1].(bool)
				return variantjson.StripNulls(str(x[0]), recursive)
			}},
		&udf{name: "slgo_schema_of_variant", args: []duckdb.Type{v}, result: v,
			row: func(x []driver.Value) (any, error) { return variantjson.Schema(str(x[0])) }},
		&udf{name: "slgo_schema_of_json", args: []duckdb.Type{v}, result: v,
			row: func(x []driver.Value) (any, error) { return variantjson.SchemaJSON(str(x[0])) }},
		&udf{name: "slgo_schema_of_variant_agg", args: []duckdb.Type{v}, result: v,
			row: func(x []driver.Value) (any, error) { return variantjson.SchemaAgg(str(x[0])) }},
	)
	return out
}

// registerUDFs registers the Go scalar functions on one connection of db.
func registerUDFs(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("duckengine: connection for functions: %w", err)
	}
	defer func() { _ = conn.Close() }()
	for _, u := range udfs() {
		if err := duckdb.RegisterScalarUDF(conn, u.name, u); err != nil {
			return fmt.Errorf("duckengine: register %s: %w", u.name, err)
		}
	}
	return nil
}
