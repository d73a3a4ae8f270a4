package sqlfront

import (
	"fmt"
	"strings"
)

// Options configures Translate.
type Options struct {
	// CatalogMap maps a Databricks catalog name (lower case) to the DuckDB
	// database name that stores it, e.g. {"main": "memory"} because DuckDB
	// reserves the name "main". Catalog names in the SQL are matched
	// case-insensitively against the keys, which must be lower case.
	CatalogMap map[string]string
	// Cast, when set, is asked for the type of each marker: ordinal is the
	// 1-based position of a ? marker (0 for named ones), name the name of a
	// :name marker. A non-empty answer wraps the marker as CAST(marker AS
	// type), so a bound string value gets CAST semantics; the value itself
	// never enters the SQL text.
	Cast func(ordinal int, name string) string
	// Functions replaces calls of zero-argument functions, matched by lower
	// case name, with SQL text — e.g. {"current_catalog": "'main'"} so that
	// the session's Databricks catalog shows instead of DuckDB's database.
	Functions map[string]string
	// SparkNames aliases each unaliased select item whose Spark name is
	// known with that name, so that result columns are named as on
	// Databricks: count(*) AS "count(1)", 1 + 2 AS "(1 + 2)" (see
	// nameSelectItems).
	SparkNames bool
	// ANSIOff is the session's ANSI_MODE false: a malformed string cast to
	// DATE or TIMESTAMP (CAST, DATE(…), TIMESTAMP(…)) is NULL rather than
	// CAST_INVALID_INPUT.
	ANSIOff bool
	// Columns, when set, tells the columns of a table the statement's
	// FROM or JOIN clauses name (catalog and schema "" where the name
	// leaves them out: the session's), with their Spark types; false when
	// there is no such table. It is asked at most once per table and
	// statement, and only when a name's type matters (see fromscope.go).
	Columns func(catalog, schema, table string) ([]Column, bool)
	// VariantColumns, when set, tells whether a table may have a VARIANT
	// column; only then are the select items that reference a table's
	// columns typed from Columns (variantcols_table.go), so that other
	// statements ask for no columns. It is asked at most once per
	// statement.
	VariantColumns func() bool
}

// Translation is the result of Translate.
type Translation struct {
	// SQL is the DuckDB SQL text.
	SQL string
	// Positional is the number of ? markers.
	Positional int
	// Named lists the distinct :name markers (without the colon) in order of
	// first appearance; in SQL they are spelled $name.
	Named []string
	// Verb is the statement's first keyword in upper case ("SELECT",
	// "INSERT", "CREATE", …), "" for empty text.
	Verb string
	// Void lists the 0-based result columns the resolver types VOID (a
	// NULL select item, which DuckDB types INTEGER), calls of assert_true
	// and raise_error (VOID too), and those that are an empty array() or
	// map(), an ARRAY<VOID> or MAP<VOID,VOID> (DuckDB: of INTEGER); see
	// voidColumns and voidCallColumns for when they can be told.
	Void []int
	// Variant lists the 0-based result columns that are a VARIANT (a
	// call of a VARIANT function), which the engine holds as JSON text;
	// see variantColumns.
	Variant []int
	// YearMonth lists the 0-based result columns that are year-month
	// intervals, which the engine's INTERVAL does not tell from day-time
	// ones; see yearMonthColumns.
	YearMonth []int
	// Table is what CREATE TABLE said beyond its columns (see rewriteDDL);
	// nil for other statements.
	Table *TableDef
	// SchemaComment is the COMMENT of CREATE SCHEMA/DATABASE, when
	// HasSchemaComment.
	SchemaComment    string
	HasSchemaComment bool
	// Overwrite is set by INSERT OVERWRITE, whose target table (DuckDB
	// text) is Target: the warehouse empties it before the insert.
	Overwrite bool
	Target    string
}

// Translate rewrites Databricks SQL text into DuckDB SQL:
//
//   - backtick identifiers become double-quoted identifiers;
//   - string literals with backslash escapes and raw strings become
//     standard SQL literals, in which a backslash is an ordinary character
//     and a quote is doubled;
//   - :name becomes $name, ? stays ?; a statement may not mix the two
//     (ErrMixedParameters) nor hold more than MaxParameters markers
//     (ErrTooManyParameters);
//   - range(...) in table position becomes (SELECT range AS id FROM range(...)),
//     so that its column is named id as in Spark, and Spark's fourth
//     numPartitions argument is dropped;
//   - the catalog part of a name is mapped through opts.CatalogMap: the first
//     part of a chain of three or more parts, of a two-part name after SCHEMA,
//     DATABASE or NAMESPACE, and a one-part name after CATALOG (an
//     IF [NOT] EXISTS in between is skipped);
//   - the word default next to a '.' becomes "default", since it is a
//     keyword in DuckDB;
//   - Databricks functions DuckDB names or numbers differently are rewritten
//     (callRewrites: startswith, endswith, array, min_by/max_by keeping NULL
//     values, dayofweek with Sunday = 1, weekday with Monday = 0), and the
//     type ARRAY<T> becomes T[];
//   - the type TIMESTAMP, in type positions and TIMESTAMP '...' literals,
//     becomes TIMESTAMPTZ, since Databricks' TIMESTAMP carries the session
//     time zone (see rewriteTimestampTypes); TIMESTAMP_NTZ becomes DuckDB's
//     zone-less TIMESTAMP and TIMESTAMP_LTZ TIMESTAMPTZ;
//   - binary literals X'0A0B' become CAST('\x0A\x0B' AS BLOB);
//   - first_value/last_value(x, true) and (x) IGNORE NULLS become
//     fn(x IGNORE NULLS);
//   - explode, explode_outer, posexplode and posexplode_outer in a select
//     list become unnest (see rewriteGenerator); LATERAL VIEW is unsupported;
//   - Spark's a <=> b, a ^ b (bitwise XOR) and a >>> b become
//     (a IS NOT DISTINCT FROM b), xor(a, b) and sl_shiftrightunsigned(a, b)
//     with operands of any form, written by the generator from the tree
//     (see sparkops.go); one in an expression the parser does not know
//     fails with ErrUnsupported rather than meaning something else;
//   - the expressions of WHERE, HAVING, QUALIFY, ON, GROUP BY, ORDER BY and
//     the other clauses, UPDATE … SET and VALUES rows are parsed, resolved
//     and generated like select items (see clauses.go);
//   - TIME literals and functions fail with a SparkError
//     (UNSUPPORTED_TIME_TYPE), as in Spark;
//   - calls whose DuckDB form reorders or reads their arguments
//     (higher-order functions and their lambdas, decode, elt, to_char,
//     to_number, variant_get …) are rewritten last, from their arguments'
//     final text (see rewriteLambdas and higherOrder);
//   - with Options.SparkNames, unaliased select items are aliased with the
//     name Spark gives them, e.g. count(*) AS "count(1)", where the namer
//     knows it (see nameSelectItems).
//
// For example, with CatalogMap {"main": "memory"}:
//
//	SELECT `a b`, 'it\'s', r'C:\x', :n FROM main.default.t, range(3)
//
// becomes
//
//	SELECT "a b", 'it''s', 'C:\x', $n FROM "memory"."default".t, (SELECT range AS id FROM range(3))
//
// Every other byte, whitespace and comments included, is copied unchanged.
// Rewrites work on tokens, so nothing inside strings or comments is touched.
// Text that cannot be tokenized yields an error wrapping ErrSyntax.
func Translate(sql string, opts Options) (Translation, error) {
	toks, err := tokenize(sql)
	if err != nil {
		return Translation{}, err
	}
	r := newRewriter(toks, opts)
	if err := r.checkTimeLiterals(); err != nil {
		return Translation{}, err
	}
	if err := r.checkOrderByAliases(); err != nil {
		return Translation{}, err
	}
	r.rewriteNames()
	r.rewriteInformationSchema()
	var ddl Translation
	r.rewriteDDL(&ddl)
	r.rewriteFunctions()
	r.rewriteIntervals()
	r.rewriteTimestampTypes()
	r.rewriteTypeNames()
	r.rewriteInsertDatetimes()
	r.rewriteReferencesCatalog()
	r.rewriteComplexTypes()
	if err := r.rewriteCatalogCalls(); err != nil {
		return Translation{}, err
	}
	if err := r.rewriteCalls(); err != nil {
		return Translation{}, err
	}
	typed, void, err := r.typeSelectItems()
	if err != nil {
		return Translation{}, err
	}
	r.rewriteOperators()
	if err := r.rewriteRange(); err != nil {
		return Translation{}, err
	}
	tr, err := r.parameters()
	if err != nil {
		return Translation{}, err
	}
	// The items inside the arguments of higher-order calls are written
	// before rewriteLambdas reads their text, the others after it.
	written := make([]bool, len(r.sig))
	if len(typed) > 0 {
		hof := r.higherOrderArgs()
		r.generateItems(typed, func(sp [2]int) bool { return within(sp, hof) }, written)
		r.rewriteLambdas()
		r.generateItems(typed, func(sp [2]int) bool { return !within(sp, hof) }, written)
	} else {
		r.rewriteLambdas()
	}
	if err := r.checkSparkOperators(written); err != nil {
		return Translation{}, err
	}
	r.rewriteDateArithmetic()
	r.rewriteSetOpStrings()
	r.rewriteOrderedListagg()
	if r.opts.SparkNames {
		r.nameSelectItems()
	}
	tr.SQL = r.String()
	tr.Void = mergePositions(void, r.voidCallColumns())
	tr.Variant = r.variantColumns()
	tr.YearMonth = r.yearMonthColumns()
	tr.Table, tr.SchemaComment, tr.HasSchemaComment = ddl.Table, ddl.SchemaComment, ddl.HasSchemaComment
	tr.Overwrite, tr.Target = ddl.Overwrite, ddl.Target
	if first := r.sigTok(0); first.kind == tokWord {
		tr.Verb = strings.ToUpper(first.text)
	}
	return tr, nil
}

// cast wraps marker token i in CAST(… AS type) when Options.Cast asks for it.
func (r *rewriter) cast(i, ordinal int, name string) {
	if r.opts.Cast == nil {
		return
	}
	if typ := r.opts.Cast(ordinal, name); typ != "" {
		lead := ""
		if strings.HasPrefix(r.outText(i), " ") {
			lead = " "
		}
		r.out[i] = lead + "CAST(" + strings.TrimLeft(r.outText(i), " ") + " AS " + typ + ")"
	}
}

// rewriter holds the tokens of one input and the edits made to them. The
// edits are sparse (most tokens are copied unchanged), so they live in maps;
// per token the rewriter keeps 12 bytes of lexeme, one byte of dropped and
// four of significant index.
type rewriter struct {
	src     string
	toks    []lexeme
	out     map[int]string // replacement text of a token, where it has one
	dropped []bool         // tokens removed from the output
	pre     map[int]string // text emitted before a token, even a dropped one
	post    map[int]string // text emitted after a token, even a dropped one
	sig     []int32        // indices into toks of the significant tokens
	opts    Options
	// partners maps each significant bracket to its match (see partner);
	// nil until first needed.
	partners []int32
	// claimed marks the significant tokens of the nodes the generator
	// writes (see typeSelectItems); nil when it writes none.
	claimed []bool
	// scope is the statement's tables, for Options.Columns.
	scope fromScope
	// variantCols caches Options.VariantColumns: 0 not asked, 1 yes, 2 no.
	variantCols uint8
}

func newRewriter(toks tokenList, opts Options) *rewriter {
	n := 0
	for _, lx := range toks.lx {
		if lx.kind.significant() {
			n++
		}
	}
	r := &rewriter{
		src:     toks.src,
		toks:    toks.lx,
		out:     map[int]string{},
		dropped: make([]bool, len(toks.lx)),
		pre:     map[int]string{},
		post:    map[int]string{},
		sig:     make([]int32, 0, n),
		opts:    opts,
	}
	for i, lx := range toks.lx {
		if lx.kind.significant() {
			r.sig = append(r.sig, int32(i))
		}
	}
	return r
}

// tok returns token i.
func (r *rewriter) tok(i int) token { return view(r.src, r.toks[i]) }

// si returns the index into toks of the k-th significant token.
func (r *rewriter) si(k int) int { return int(r.sig[k]) }

// outText returns the text emitted for token i unless it is dropped: its
// replacement, or its literal rewrite (see literal), or its own text.
func (r *rewriter) outText(i int) string {
	if s, ok := r.out[i]; ok {
		return s
	}
	return r.literal(i)
}

// String returns the rewritten text.
func (r *rewriter) String() string {
	var b strings.Builder
	b.Grow(len(r.src) + 64)
	for i := range r.toks {
		b.WriteString(r.pre[i])
		if !r.dropped[i] {
			b.WriteString(r.outText(i))
		}
		b.WriteString(r.post[i])
	}
	return b.String()
}

// sigTok returns the k-th significant token, or a zero token (which matches
// no keyword or punctuation) when k is out of range.
func (r *rewriter) sigTok(k int) token {
	if k < 0 || k >= len(r.sig) {
		return token{kind: tokSpace}
	}
	return r.tok(r.si(k))
}

// literal returns the text of token i after the rewrites of backtick
// identifiers, string literals that need it, raw strings and named markers;
// other tokens keep their text. It is computed when the text is asked for,
// not stored, so that a statement of a million literals costs no map of a
// million replacements.
func (r *rewriter) literal(i int) string {
	t := r.tok(i)
	switch t.kind {
	case tokBacktickIdent:
		return QuoteIdent(t.value())
	case tokString:
		if t.text[0] == '"' || strings.Contains(t.text, `\`) {
			return quoteString(t.value())
		}
	case tokRawString:
		return quoteString(t.value())
	case tokNamed:
		if prev := i - 1; prev >= 0 && isWordByte(r.src[r.toks[prev].end-1]) {
			// Tokens are contiguous: x:name would otherwise become the
			// single word x$name.
			return " $" + t.value()
		}
		return "$" + t.value()
	}
	return t.text
}

// parameters counts the parameter markers that remain in the output and
// checks the limits.
func (r *rewriter) parameters() (Translation, error) {
	var tr Translation
	seen := map[string]bool{}
	firstPositional, firstNamed := -1, -1
	total := 0
	for i, lx := range r.toks {
		if r.dropped[i] || (lx.kind != tokPositional && lx.kind != tokNamed) {
			continue
		}
		t := r.tok(i)
		total++
		if total == MaxParameters+1 {
			return Translation{}, fmt.Errorf("%w: more than %d markers, the %dth at offset %d",
				ErrTooManyParameters, MaxParameters, total, t.pos)
		}
		if t.kind == tokPositional {
			tr.Positional++
			if firstPositional < 0 {
				firstPositional = t.pos
			}
			r.cast(i, tr.Positional, "")
			continue
		}
		r.cast(i, 0, t.value())
		if firstNamed < 0 {
			firstNamed = t.pos
		}
		if !seen[t.value()] {
			seen[t.value()] = true
			tr.Named = append(tr.Named, t.value())
		}
	}
	if firstPositional >= 0 && firstNamed >= 0 {
		return Translation{}, fmt.Errorf("%w: ? at offset %d and :%s at offset %d",
			ErrMixedParameters, firstPositional, tr.Named[0], firstNamed)
	}
	return tr, nil
}

// rewriteFunctions replaces name() calls listed in Options.Functions.
func (r *rewriter) rewriteFunctions() {
	if len(r.opts.Functions) == 0 {
		return
	}
	for k := 0; k+2 < len(r.sig); k++ {
		t := r.sigTok(k)
		repl, ok := lookupLower(r.opts.Functions, t.text)
		if !ok || t.kind != tokWord || !r.sigTok(k+1).isPunct('(') || !r.sigTok(k+2).isPunct(')') {
			continue
		}
		if prev := r.sigTok(k - 1); prev.isPunct('.') {
			continue // a qualified name, not the built-in
		}
		r.out[r.si(k)] = repl
		for i := r.si(k) + 1; i <= r.si(k+2); i++ {
			r.dropped[i] = true
		}
	}
}

// typeNames maps Databricks type names DuckDB lacks to DuckDB's.
var typeNames = map[string]string{
	"timestamp_ntz": "TIMESTAMP",
	"timestamp_ltz": "TIMESTAMPTZ",
}

// rewriteTypeNames replaces unquoted Databricks-only type names.
func (r *rewriter) rewriteTypeNames() {
	for _, i32 := range r.sig {
		i := int(i32)
		t := r.tok(i)
		if t.kind != tokWord {
			continue
		}
		if repl, ok := lookupLower(typeNames, t.text); ok && r.outText(i) == t.text {
			r.out[i] = repl
		}
	}
}
