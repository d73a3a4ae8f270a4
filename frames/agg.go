package frames

import "github.com/sealane/sealane/frames/plan"

// Aggregates, for GroupBy(…).Agg and, with Over, as window aggregates. They
// ignore NULLs (SQL semantics); std and var are the sample versions; first
// and last follow the input order. The output column is named after the
// input column unless aliased.

func (x Expr) agg(fn plan.AggFunc, distinct bool) Expr {
	if x.err != nil {
		return x
	}
	return Expr{e: plan.Agg{Fn: fn, Input: x.e, Distinct: distinct}, alias: x.alias}
}

// CountAll counts rows (COUNT(*)); the column is named "count".
func CountAll() Expr { return Expr{e: plan.Agg{Fn: plan.AggCount}} }

// Count counts the non-NULL values of x (int64).
func (x Expr) Count() Expr { return x.agg(plan.AggCount, false) }

// CountDistinct counts the distinct non-NULL values of x.
func (x Expr) CountDistinct() Expr { return x.agg(plan.AggCount, true) }

// Sum adds the values: int64 for integers, float64 for floats,
// decimal(38, s) for decimals.
func (x Expr) Sum() Expr { return x.agg(plan.AggSum, false) }

// Mean is the average (float64).
func (x Expr) Mean() Expr { return x.agg(plan.AggMean, false) }

// Min is the smallest value.
func (x Expr) Min() Expr { return x.agg(plan.AggMin, false) }

// Max is the largest value.
func (x Expr) Max() Expr { return x.agg(plan.AggMax, false) }

// Median is the median (float64).
func (x Expr) Median() Expr { return x.agg(plan.AggMedian, false) }

// Std is the sample standard deviation (float64).
func (x Expr) Std() Expr { return x.agg(plan.AggStd, false) }

// Var is the sample variance (float64).
func (x Expr) Var() Expr { return x.agg(plan.AggVar, false) }

// First is the first value in input order (NULL included).
func (x Expr) First() Expr { return x.agg(plan.AggFirst, false) }

// Last is the last value in input order (NULL included).
func (x Expr) Last() Expr { return x.agg(plan.AggLast, false) }

// NUnique counts distinct non-NULL values (int64).
func (x Expr) NUnique() Expr { return x.agg(plan.AggNUnique, false) }
