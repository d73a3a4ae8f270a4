package sqlfuncs

import (
	"errors"

	"github.com/sealane/sealane/warehouse/variantjson"
)

// The VARIANT functions that edit a value at a path. VARIANT is held as
// JSON text in the engine; the edits are recursive, which no DuckDB macro
// can say, so they are Go over package variantjson. Each edit has a try_
// form that answers NULL where the edit fails.

func init() {
	v := "VARCHAR"
	register(edits("variant_set", []string{v, v, v, "BOOLEAN"}, func(a []any) (string, error) {
		create, _ := a[3].(bool)
		return variantjson.Set(str(a[0]), str(a[1]), str(a[2]), create)
	})...)
	register(edits("variant_insert", []string{v, v, v}, func(a []any) (string, error) {
		return variantjson.Insert(str(a[0]), str(a[1]), str(a[2]))
	})...)
	register(edits("variant_array_append", []string{v, v, v}, func(a []any) (string, error) {
		return variantjson.ArrayAppend(str(a[0]), str(a[1]), str(a[2]))
	})...)
	register(
		Func{Name: "sl_variant_delete", Args: []string{v}, Variadic: v, Result: v, NullArgs: true, Eval: func(a []any) (any, error) {
			if a[0] == nil {
				return nil, nil //nolint:nilnil // NULL in, NULL out
			}
			var paths []string
			for _, p := range a[1:] {
				if p != nil { // a NULL path deletes nothing
					paths = append(paths, str(p))
				}
			}
			out, err := variantjson.Delete(str(a[0]), paths)
			if err != nil {
				return nil, variantError("variant_delete", err)
			}
			return out, nil
		}},
		Func{Name: "sl_variant_strip_nulls", Args: []string{v, "BOOLEAN"}, Result: v, Eval: func(a []any) (any, error) {
			recursive, _ := a[1].(bool)
			return variantjson.StripNulls(str(a[0]), recursive)
		}},
		Func{Name: "sl_schema_of_variant", Args: []string{v}, Result: v, Eval: func(a []any) (any, error) {
			return variantjson.Schema(str(a[0]))
		}},
		Func{Name: "sl_schema_of_json", Args: []string{v}, Result: v, Eval: func(a []any) (any, error) {
			return variantjson.SchemaJSON(str(a[0]))
		}},
		Func{Name: "sl_schema_of_variant_agg", Args: []string{v}, Result: v, Eval: func(a []any) (any, error) {
			return variantjson.SchemaAgg(str(a[0]))
		}},
	)
}

// edits builds an edit function sl_<name> and its try_ form
// sl_try_<name>, which answers NULL instead of failing.
func edits(name string, args []string, edit func(a []any) (string, error)) []Func {
	return []Func{
		{Name: "sl_" + name, Args: args, Result: "VARCHAR", Eval: func(a []any) (any, error) {
			out, err := edit(a)
			if err != nil {
				return nil, variantError(name, err)
			}
			return out, nil
		}},
		{Name: "sl_try_" + name, Args: args, Result: "VARCHAR", Eval: func(a []any) (any, error) {
			out, err := edit(a)
			if err != nil {
				return nil, nil //nolint:nilnil // SQL NULL is the try_ form's answer to a failed edit
			}
			return out, nil
		}},
	}
}

// variantError words an edit's failure with a Databricks error class and
// SQLSTATE. Spark 4.3's class for an edit that does not fit the value was
// not recorded (its examples show only the try_ forms' NULL), so
// INVALID_VARIANT_EDIT is ours.
func variantError(fn string, err error) error {
	class := "INVALID_VARIANT_EDIT"
	if errors.Is(err, variantjson.ErrPath) {
		class = "INVALID_VARIANT_GET_PATH"
	}
	return &Error{Class: class, State: "22023", Message: fn + ": " + err.Error(), Err: err}
}

// str reads a VARCHAR argument.
func str(v any) string {
	s, _ := v.(string)
	return s
}
