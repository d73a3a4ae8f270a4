package sqlfront

// The sketch functions: hll_*, theta_*, tuple_* and kll_*. Their sketches
// are package sqlfuncs' exact binary format (not Apache DataSketches'):
// estimates, quantiles and counts equal Spark's where DataSketches is
// exact (small inputs); the bytes differ. An aggregate is DuckDB's list()
// of the column (keys as text) handed to a Go function. Size arguments
// (lgConfigK, lgNomEntries, k) change nothing for an exact sketch and are
// accepted and dropped.

func init() {
	set := func(kind string) map[string]fn {
		return map[string]fn{
			kind + "_sketch_agg":      {min: 1, max: 2, to: "sl_set_build(list(CAST($1 AS VARCHAR)), '" + kind + "')"},
			kind + "_sketch_estimate": {min: 1, max: 1, to: "sl_set_estimate($1, '" + kind + "')"},
			kind + "_union":           {min: 2, max: 3, to: "sl_set_union($1, $2, '" + kind + "')"},
			kind + "_union_agg":       {min: 1, max: 2, to: "sl_set_union_list(list($1), '" + kind + "')"},
		}
	}
	add := func(m map[string]fn) {
		for name, f := range m {
			catalog[name] = f
		}
	}
	// approx_top_k(expr[, k[, maxItems]]): the k most frequent values with
	// their counts, exact, ties in Spark's order (sqlfuncs/topk.go). Its
	// "sketch" (approx_top_k_accumulate) is here the list of the values,
	// combined by concatenation; maxItems changes nothing.
	add(map[string]fn{
		"approx_top_k": {min: 1, max: 3, byArity: map[int]string{1: "sl_approx_top_k(list($1), 5)"},
			to: "sl_approx_top_k(list($1), CAST($2 AS INTEGER))"},
		"approx_top_k_accumulate": {min: 1, max: 2, to: "list($1)"},
		"approx_top_k_estimate": {min: 1, max: 2, byArity: map[int]string{1: "sl_approx_top_k($1, 5)"},
			to: "sl_approx_top_k($1, CAST($2 AS INTEGER))"},
		"approx_top_k_combine": {min: 1, max: 2, to: "flatten(list($1))"},
	})
	add(map[string]fn{
		// Spark's own serialised count-min sketch, byte for byte.
		"count_min_sketch": {min: 4, max: 4,
			to: "sl_count_min_sketch(list($1), CAST($2 AS DOUBLE), CAST($3 AS DOUBLE), CAST($4 AS INTEGER))"},
		// The distinct elements of a column of arrays, as collect_set orders them.
		"collect_union": {min: 1, max: 1, to: "list_sort(list_distinct(flatten(list($1))))"},
	})
	add(set("hll"))
	add(set("theta"))
	add(map[string]fn{
		"theta_intersection":     {min: 2, max: 2, to: "sl_set_intersect($1, $2, 'theta')"},
		"theta_difference":       {min: 2, max: 2, to: "sl_set_difference($1, $2, 'theta')"},
		"theta_intersection_agg": {min: 1, max: 1, to: "sl_set_intersect_list(list($1), 'theta')"},
	})
	for _, kind := range []string{"double", "integer"} {
		k := "'" + kind + "'"
		pairs := "list([CAST($1 AS VARCHAR), CAST($2 AS VARCHAR)])"
		add(map[string]fn{
			// tuple_sketch_agg_T(key, summary[, lgNomEntries[, mode]])
			"tuple_sketch_agg_" + kind: {min: 2, max: 4, byArity: map[int]string{
				2: "sl_tuple_build(" + pairs + ", 'sum', " + k + ")",
				3: "sl_tuple_build(" + pairs + ", 'sum', " + k + ")"},
				to: "sl_tuple_build(" + pairs + ", $4, " + k + ")"},
			"tuple_sketch_estimate_" + kind: {min: 1, max: 1, to: "sl_tuple_estimate($1, " + k + ")"},
			"tuple_sketch_theta_" + kind:    {min: 1, max: 1, to: "sl_tuple_theta($1, " + k + ")"},
			"tuple_sketch_summary_" + kind: {min: 1, max: 2, byArity: map[int]string{1: "sl_tuple_summary_" + kind + "($1, 'sum')"},
				to: "sl_tuple_summary_" + kind + "($1, $2)"},
			// tuple_union_T(a, b[, lgNomEntries[, mode]]) and its _theta form.
			"tuple_union_" + kind:       tupleTwo("sl_tuple_union", k, 4),
			"tuple_union_theta_" + kind: tupleTwo("sl_tuple_union", k, 4),
			// tuple_intersection_T(a, b[, mode]) and its _theta form.
			"tuple_intersection_" + kind:       tupleTwo("sl_tuple_intersect", k, 3),
			"tuple_intersection_theta_" + kind: tupleTwo("sl_tuple_intersect", k, 3),
			"tuple_difference_" + kind:         {min: 2, max: 2, to: "sl_tuple_difference($1, $2, " + k + ")"},
			"tuple_difference_theta_" + kind:   {min: 2, max: 2, to: "sl_tuple_difference($1, $2, " + k + ")"},
			// tuple_union_agg_T(sketch[, lgNomEntries[, mode]]).
			"tuple_union_agg_" + kind: {min: 1, max: 3, byArity: map[int]string{
				1: "sl_tuple_union_list(list($1), 'sum', " + k + ")", 2: "sl_tuple_union_list(list($1), 'sum', " + k + ")"},
				to: "sl_tuple_union_list(list($1), $3, " + k + ")"},
			// tuple_intersection_agg_T(sketch[, mode]).
			"tuple_intersection_agg_" + kind: {min: 1, max: 2, byArity: map[int]string{
				1: "sl_tuple_intersect_list(list($1), 'sum', " + k + ")"},
				to: "sl_tuple_intersect_list(list($1), $2, " + k + ")"},
		})
	}
	for _, kind := range []string{"bigint", "double", "float"} {
		k := "'" + kind + "'"
		duck := map[string]string{"bigint": "BIGINT", "double": "DOUBLE", "float": "FLOAT"}[kind]
		add(map[string]fn{
			"kll_sketch_agg_" + kind:   {min: 1, max: 2, to: "sl_kll_build_" + kind + "(list(CAST($1 AS " + duck + ")))"},
			"kll_sketch_get_n_" + kind: {min: 1, max: 1, to: "sl_kll_n($1, " + k + ")"},
			// A rank (a value) or an array of them: Go overloads of each.
			"kll_sketch_get_quantile_" + kind: {min: 2, max: 2, to: "sl_kll_quantile_" + kind + "($1, $2, " + k + ")"},
			"kll_sketch_get_rank_" + kind:     {min: 2, max: 2, to: "sl_kll_rank($1, $2, " + k + ")"},
			"kll_sketch_to_string_" + kind:    {min: 1, max: 1, to: "sl_kll_to_string($1, " + k + ")"},
			"kll_sketch_merge_" + kind:        {min: 2, max: 2, to: "sl_kll_merge($1, $2, " + k + ")"},
			"kll_merge_agg_" + kind:           {min: 1, max: 2, to: "sl_kll_merge_list(list($1), " + k + ")"},
		})
	}

	// Spark's default arguments, shown in its column names.
	for name, f := range map[string]sparkFunc{
		"hll_sketch_agg":          {first: 1, defaults: []string{"12"}},
		"hll_union":               {first: 2, defaults: []string{"false"}},
		"hll_union_agg":           {first: 1, defaults: []string{"false"}},
		"theta_sketch_agg":        {first: 1, defaults: []string{"12"}},
		"theta_union":             {first: 2, defaults: []string{"12"}},
		"theta_union_agg":         {first: 1, defaults: []string{"12"}},
		"approx_top_k_accumulate": {first: 1, defaults: []string{"10000"}},
		"approx_top_k_estimate":   {first: 1, defaults: []string{"5"}},
	} {
		sparkFuncs[name] = f
	}
	for _, kind := range []string{"double", "integer"} {
		for name, f := range map[string]sparkFunc{
			"tuple_sketch_agg_":         {first: 2, defaults: []string{"12", "sum"}},
			"tuple_sketch_summary_":     {first: 1, defaults: []string{"sum"}},
			"tuple_union_":              {first: 2, defaults: []string{"12", "sum"}},
			"tuple_union_theta_":        {first: 2, defaults: []string{"12", "sum"}},
			"tuple_intersection_":       {first: 2, defaults: []string{"sum"}},
			"tuple_intersection_theta_": {first: 2, defaults: []string{"sum"}},
			"tuple_union_agg_":          {first: 1, defaults: []string{"12", "sum"}},
			"tuple_intersection_agg_":   {first: 1, defaults: []string{"sum"}},
			"tuple_sketch_estimate_":    {},
			"tuple_sketch_theta_":       {},
			"tuple_difference_":         {},
			"tuple_difference_theta_":   {},
		} {
			sparkFuncs[name+kind] = f
		}
	}
	for _, name := range []string{"theta_sketch_estimate", "hll_sketch_estimate", "theta_intersection",
		"theta_difference", "theta_intersection_agg"} {
		if _, ok := sparkFuncs[name]; !ok {
			sparkFuncs[name] = sparkFunc{}
		}
	}
}

// tupleTwo is a tuple sketch operation of two sketches whose mode is
// argument modeAt (3 or 4), 'sum' when left out.
func tupleTwo(goName, kind string, modeAt int) fn {
	by := map[int]string{2: goName + "($1, $2, 'sum', " + kind + ")"}
	if modeAt == 4 {
		by[3] = by[2]
		return fn{min: 2, max: 4, byArity: by, to: goName + "($1, $2, $4, " + kind + ")"}
	}
	return fn{min: 2, max: 3, byArity: by, to: goName + "($1, $2, $3, " + kind + ")"}
}
