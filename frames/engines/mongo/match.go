package mongo

import (
	"fmt"
	"regexp"

	"github.com/apache/arrow-go/v18/arrow"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/sealane/sealane/frames/plan"
)

// A filter keeps the rows whose predicate is true; SQL's NULL (unknown) is
// neither true nor false, and NOT unknown is unknown. The query language
// has two values and treats a missing or null field as "does not match"
// for $gt but as "matches" for $ne and $nin, so the compiler makes the
// three values explicit: match(p, true) selects the rows where p is true,
// match(p, false) those where p is false, and NOT p swaps them. A
// comparison of a column with a constant is false exactly when the column
// is not null and the comparison does not hold.

// never matches no document.
func never() bson.D {
	return bson.D{{Key: neverField, Value: bson.D{{Key: "$exists", Value: true}}}}
}

// always matches every document.
func always() bson.D { return bson.D{} }

// flipped maps a comparison onto its mirror when the constant comes first.
var flipped = map[plan.Func]plan.Func{
	plan.FnEq: plan.FnEq, plan.FnNe: plan.FnNe, plan.FnLt: plan.FnGt, plan.FnLe: plan.FnGe,
	plan.FnGt: plan.FnLt, plan.FnGe: plan.FnLe, plan.FnEqNullSafe: plan.FnEqNullSafe,
}

var queryOp = map[plan.Func]string{
	plan.FnEq: "$eq", plan.FnLt: "$lt", plan.FnLe: "$lte", plan.FnGt: "$gt", plan.FnGe: "$gte",
}

// match compiles predicate x into a query selecting the rows where x is
// want (true or false; never unknown).
func (c *compiler) match(x plan.Expr, in *rel, want bool) (bson.D, error) {
	switch v := plan.Deref(x).(type) {
	case plan.ColumnRef:
		f, t, err := column(in, v.Name)
		if err != nil {
			return nil, err
		}
		if t.ID() != arrow.BOOL {
			return nil, unsupported("op filter", "a non-boolean column as a predicate")
		}
		return bson.D{{Key: f, Value: want}}, nil
	case plan.Literal:
		if b, ok := v.Value.(bool); ok && b == want {
			return always(), nil
		}
		return never(), nil
	case plan.Call:
		return c.matchCall(v, in, want)
	}
	return nil, unsupported(exprWhat(x, plan.OpFilter), "the filter needs aggregation expressions ($expr)")
}

func (c *compiler) matchCall(v plan.Call, in *rel, want bool) (bson.D, error) {
	switch v.Fn {
	case plan.FnNot:
		return c.match(v.Args[0], in, !want)
	case plan.FnAnd, plan.FnOr:
		parts := bson.A{}
		for _, a := range v.Args {
			m, err := c.match(a, in, want)
			if err != nil {
				return nil, err
			}
			parts = append(parts, m)
		}
		// and is true when all are true, false when any is false; or the
		// other way round.
		op := "$and"
		if (v.Fn == plan.FnAnd) != want {
			op = "$or"
		}
		return bson.D{{Key: op, Value: parts}}, nil
	case plan.FnIsNull, plan.FnIsNotNull:
		f, _, err := c.operandColumn(v, in, 0)
		if err != nil {
			return nil, err
		}
		if (v.Fn == plan.FnIsNull) == want {
			return bson.D{{Key: f, Value: nil}}, nil
		}
		return bson.D{{Key: f, Value: bson.D{{Key: "$ne", Value: nil}}}}, nil
	case plan.FnIn:
		return c.matchIn(v, in, want)
	case plan.FnContains, plan.FnStartsWith, plan.FnEndsWith:
		return c.matchString(v, in, want)
	case plan.FnEq, plan.FnNe, plan.FnLt, plan.FnLe, plan.FnGt, plan.FnGe, plan.FnEqNullSafe:
		return c.matchCompare(v, in, want)
	}
	return nil, unsupported("func "+string(v.Fn), "in a filter without aggregation expressions")
}

// operandColumn requires argument i of v to be a non-list column.
func (c *compiler) operandColumn(v plan.Call, in *rel, i int) (string, arrow.DataType, error) {
	ref, ok := plan.Deref(v.Args[i]).(plan.ColumnRef)
	if !ok {
		return "", nil, unsupported("func "+string(v.Fn), "only a column compares with constants without aggregation expressions")
	}
	f, t, err := column(in, ref.Name)
	if err != nil {
		return "", nil, err
	}
	if _, isList := t.(*arrow.ListType); isList {
		return "", nil, unsupported("func "+string(v.Fn), "the query language compares list columns element-wise")
	}
	return f, t, nil
}

// constant returns argument i of v as a BSON value (nil for NULL).
func constant(v plan.Call, i int) (any, error) {
	lit, ok := plan.Deref(v.Args[i]).(plan.Literal)
	if !ok {
		return nil, unsupported("func "+string(v.Fn), "comparing two expressions needs $expr")
	}
	val, err := bsonValue(lit)
	if err != nil {
		return nil, unsupported("func "+string(v.Fn), err.Error())
	}
	return val, nil
}

// falseOf is the query for "x is false" of a comparison whose true query
// is isTrue: the column is not null and the comparison fails.
func falseOf(f string, isTrue bson.D) bson.D {
	return bson.D{{Key: "$nor", Value: bson.A{isTrue, bson.D{{Key: f, Value: nil}}}}}
}

func (c *compiler) matchCompare(v plan.Call, in *rel, want bool) (bson.D, error) {
	fn, col, lit := v.Fn, 0, 1
	if _, isLit := plan.Deref(v.Args[0]).(plan.Literal); isLit {
		fn, col, lit = flipped[v.Fn], 1, 0
	}
	f, _, err := c.operandColumn(v, in, col)
	if err != nil {
		return nil, err
	}
	val, err := constant(v, lit)
	if err != nil {
		return nil, err
	}
	if fn == plan.FnEqNullSafe {
		eq := bson.D{{Key: f, Value: bson.D{{Key: "$eq", Value: val}}}}
		if want {
			return eq, nil
		}
		return bson.D{{Key: f, Value: bson.D{{Key: "$ne", Value: val}}}}, nil
	}
	if val == nil { // a comparison with NULL is unknown
		return never(), nil
	}
	var isTrue bson.D
	if fn == plan.FnNe {
		isTrue = bson.D{{Key: f, Value: bson.D{{Key: "$nin", Value: bson.A{val, nil}}}}}
	} else {
		isTrue = bson.D{{Key: f, Value: bson.D{{Key: queryOp[fn], Value: val}}}}
	}
	if want {
		return isTrue, nil
	}
	return falseOf(f, isTrue), nil
}

// matchIn: x IN (…) is true when x equals a non-null value, false when x
// is not null, equals none and the list holds no NULL, unknown otherwise.
func (c *compiler) matchIn(v plan.Call, in *rel, want bool) (bson.D, error) {
	f, _, err := c.operandColumn(v, in, 0)
	if err != nil {
		return nil, err
	}
	vals := bson.A{}
	hasNull := false
	for i := 1; i < len(v.Args); i++ {
		val, err := constant(v, i)
		if err != nil {
			return nil, err
		}
		if val == nil {
			hasNull = true
			continue
		}
		vals = append(vals, val)
	}
	if want {
		if len(vals) == 0 {
			return never(), nil
		}
		return bson.D{{Key: f, Value: bson.D{{Key: "$in", Value: vals}}}}, nil
	}
	if hasNull {
		return never(), nil
	}
	return bson.D{{Key: f, Value: bson.D{{Key: "$nin", Value: append(vals, nil)}}}}, nil
}

// matchString compiles contains/starts_with/ends_with with a constant
// pattern to an anchored, escaped $regex.
func (c *compiler) matchString(v plan.Call, in *rel, want bool) (bson.D, error) {
	f, t, err := c.operandColumn(v, in, 0)
	if err != nil {
		return nil, err
	}
	if t.ID() != arrow.STRING {
		return nil, unsupported("func "+string(v.Fn), "on a non-string column")
	}
	val, err := constant(v, 1)
	if err != nil {
		return nil, err
	}
	if val == nil {
		return never(), nil
	}
	s, ok := val.(string)
	if !ok {
		return nil, unsupported("func "+string(v.Fn), fmt.Sprintf("pattern of type %T", val))
	}
	re := regexp.QuoteMeta(s)
	switch v.Fn {
	case plan.FnStartsWith:
		re = `\A` + re
	case plan.FnEndsWith:
		re = re + `\z`
	}
	isTrue := bson.D{{Key: f, Value: bson.D{{Key: "$regex", Value: re}}}}
	if want {
		return isTrue, nil
	}
	return falseOf(f, isTrue), nil
}
