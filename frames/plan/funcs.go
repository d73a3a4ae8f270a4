package plan

// Func names a scalar function of a [Call]. Engines declare which ones they
// support (engine.Capabilities.Funcs); the names are stable strings so that
// error messages and capability tables read well.
type Func string

// Arithmetic, comparison and boolean functions follow SQL semantics: any
// NULL operand gives NULL, except that AND/OR use three-valued logic
// (false AND NULL = false, true OR NULL = true).
const (
	FnAdd Func = "add"
	FnSub Func = "sub"
	FnMul Func = "mul"
	FnDiv Func = "div" // always floating point (like Databricks `/`)
	FnMod Func = "mod"
	FnNeg Func = "neg"

	FnEq Func = "eq"
	FnNe Func = "ne"
	FnLt Func = "lt"
	FnLe Func = "le"
	FnGt Func = "gt"
	FnGe Func = "ge"
	// FnEqNullSafe is `<=>`: NULL <=> NULL is true, never NULL.
	FnEqNullSafe Func = "eq_null_safe"

	FnAnd Func = "and"
	FnOr  Func = "or"
	FnNot Func = "not"

	FnIsNull    Func = "is_null"
	FnIsNotNull Func = "is_not_null"
	// FnIn is `args[0] IN (args[1:]…)` with SQL NULL semantics.
	FnIn       Func = "in"
	FnCoalesce Func = "coalesce"

	// String functions. Positions are 1-based as in SQL.
	FnLower      Func = "lower"
	FnUpper      Func = "upper"
	FnContains   Func = "contains"    // (s, substr) -> bool, literal substring
	FnStartsWith Func = "starts_with" // (s, prefix) -> bool
	FnEndsWith   Func = "ends_with"   // (s, suffix) -> bool
	FnReplace    Func = "replace"     // (s, from, to) -> string, every occurrence, literal
	FnLength     Func = "length"      // (s) -> int64, characters
	FnSubstr     Func = "substr"      // (s, start[, length]) -> string, 1-based
	FnConcatStr  Func = "concat_str"  // (s…) -> string, NULL if any NULL

	// Date and time parts (-> int64) of dates and timestamps.
	FnYear    Func = "year"
	FnMonth   Func = "month"
	FnDay     Func = "day"
	FnHour    Func = "hour"
	FnMinute  Func = "minute"
	FnSecond  Func = "second"
	FnWeekday Func = "weekday" // ISO: Monday = 1 … Sunday = 7
	// FnDateTrunc is (unit string literal, ts) -> same type as ts; unit is
	// one of year, quarter, month, week, day, hour, minute, second.
	FnDateTrunc Func = "date_trunc"
)

// AggFunc names an aggregate function.
type AggFunc string

// Aggregates ignore NULL inputs (SQL semantics). Count without an input
// counts rows. Std and Var are the sample versions (ddof = 1). First and
// Last take the first/last value in the input's order, NULLs included.
const (
	AggCount   AggFunc = "count"
	AggSum     AggFunc = "sum"
	AggMean    AggFunc = "mean"
	AggMin     AggFunc = "min"
	AggMax     AggFunc = "max"
	AggMedian  AggFunc = "median"
	AggStd     AggFunc = "std"
	AggVar     AggFunc = "var"
	AggFirst   AggFunc = "first"
	AggLast    AggFunc = "last"
	AggNUnique AggFunc = "n_unique"
)

// RankFunc names a ranking or offset window function.
type RankFunc string

// Ranking and offset window functions.
const (
	RankRowNumber RankFunc = "row_number"
	RankRank      RankFunc = "rank"
	RankDense     RankFunc = "dense_rank"
	RankLag       RankFunc = "lag"
	RankLead      RankFunc = "lead"
)
