package sqlfront

import "strings"

// This file gives the front end the types of the columns of real tables:
// the tables a statement's FROM and JOIN clauses name, whose columns
// Options.Columns tells (the warehouse asks its engine's catalog). The
// namer uses them where Spark's name of an expression depends on a
// column's type: s['f'] over a MAP prints m[f].

// Column is one column of a table, as Options.Columns answers it.
type Column struct {
	// Name is the column's name.
	Name string
	// Type is its Spark type text, e.g. MAP<STRING, INT> or
	// STRUCT<f: INT, g: ARRAY<STRING>>.
	Type string
}

// fromTable is a table a FROM or JOIN clause names.
type fromTable struct {
	parts []string // catalog, schema, table as written (one to three)
	alias string   // lower case; "" for none
	cols  []Column
	known bool // cols were asked for
}

// refName is the lower-case name the statement refers to ft by: its alias,
// else the table's own name.
func (ft *fromTable) refName() string {
	if ft.alias != "" {
		return ft.alias
	}
	return strings.ToLower(ft.parts[len(ft.parts)-1])
}

// fromScope is the tables of a statement, built when first needed; one
// Options.Columns call per table, none when no name needs a type.
type fromScope struct {
	built  bool
	tables []*fromTable
}

// fromTables returns the tables the statement's FROM and JOIN clauses name
// (a name, possibly qualified, not followed by '(' — a table function —
// with its alias).
func (r *rewriter) fromTables() []*fromTable {
	if r.scope.built {
		return r.scope.tables
	}
	r.scope.built = true
	for k := 0; k < len(r.sig); k++ {
		t := r.sigTok(k)
		if !t.isKeyword("FROM") && !t.isKeyword("JOIN") && (!t.isPunct(',') || !r.inFromList(k)) {
			continue
		}
		j := k + 1
		var parts []string
		for r.sigTok(j).isIdent() {
			parts = append(parts, r.sigTok(j).value())
			if !r.sigTok(j + 1).isPunct('.') {
				break
			}
			j += 2
		}
		if len(parts) == 0 || len(parts) > 3 || r.sigTok(j+1).isPunct('(') || isKeywordIn(reservedWords, parts[0]) {
			continue
		}
		ft := &fromTable{parts: parts}
		j++
		if r.sigTok(j).isKeyword("AS") {
			j++
		}
		if a := r.sigTok(j); a.isIdent() && !isKeywordIn(clauseEnd, a.text) && !isKeywordIn(reservedWords, a.text) {
			ft.alias = strings.ToLower(a.value())
		}
		r.scope.tables = append(r.scope.tables, ft)
	}
	return r.scope.tables
}

// inFromList tells whether the ',' at significant index k separates the
// tables of a FROM clause at its depth.
func (r *rewriter) inFromList(k int) bool {
	depth := 0
	for j := k - 1; j >= 0; j-- {
		switch t := r.sigTok(j); {
		case t.isPunct(')') || t.isPunct(']'):
			depth++
		case t.isPunct('(') || t.isPunct('['):
			if depth--; depth < 0 {
				return false
			}
		case depth > 0:
		case t.isKeyword("FROM"):
			return true
		case t.kind == tokWord && isKeywordIn(clauseEnd, t.text) && !t.isKeyword("JOIN"):
			return false
		}
	}
	return false
}

// columnsOf returns the columns of ft, asking Options.Columns once.
func (r *rewriter) columnsOf(ft *fromTable) []Column {
	if !ft.known {
		ft.known = true
		var cat, sch string
		switch len(ft.parts) {
		case 3:
			cat, sch = ft.parts[0], ft.parts[1]
		case 2:
			sch = ft.parts[0]
		}
		if cols, ok := r.opts.Columns(cat, sch, ft.parts[len(ft.parts)-1]); ok {
			ft.cols = cols
		}
	}
	return ft.cols
}

// columnType returns the Spark type text of the column reference parts
// (col, table.col, or either followed by struct fields), "" when the
// statement's tables do not tell it or tell it ambiguously.
func (r *rewriter) columnType(parts []string) string {
	if r.opts.Columns == nil || len(parts) == 0 {
		return ""
	}
	tables := r.fromTables()
	// table.col…
	if len(parts) > 1 {
		for _, ft := range tables {
			if ft.refName() == strings.ToLower(parts[0]) {
				if typ := findColumn(r.columnsOf(ft), parts[1]); typ != "" {
					return fieldPath(typ, parts[2:])
				}
			}
		}
	}
	// col…, in one table, or of one type in every table that has it (the
	// same table in two query blocks).
	found := ""
	for _, ft := range tables {
		if typ := findColumn(r.columnsOf(ft), parts[0]); typ != "" {
			if found != "" && found != typ {
				return ""
			}
			found = typ
		}
	}
	return fieldPath(found, parts[1:])
}

// findColumn returns the type of the column name of cols, "" for none.
func findColumn(cols []Column, name string) string {
	for _, c := range cols {
		if strings.EqualFold(c.Name, name) {
			return c.Type
		}
	}
	return ""
}

// fieldPath returns the type of the struct fields fields of a value of
// type typ, "" when typ has no such fields.
func fieldPath(typ string, fields []string) string {
	for _, f := range fields {
		if typ = fieldType(typ, f); typ == "" {
			return ""
		}
	}
	return typ
}

// fieldType returns the type of field f of STRUCT type text typ.
func fieldType(typ, f string) string {
	body, ok := typeArgs(typ, "STRUCT")
	if !ok {
		return ""
	}
	for _, part := range body {
		name, t, ok := strings.Cut(part, ":")
		if !ok {
			name, t, ok = strings.Cut(part, " ")
		}
		if ok && strings.EqualFold(strings.Trim(strings.TrimSpace(name), "`"), f) {
			return strings.TrimSpace(t)
		}
	}
	return ""
}

// elementType returns the type of x[i] for a value of type text typ: an
// ARRAY's element or a MAP's value; "" for others.
func elementType(typ string) string {
	if args, ok := typeArgs(typ, "ARRAY"); ok && len(args) == 1 {
		return args[0]
	}
	if args, ok := typeArgs(typ, "MAP"); ok && len(args) == 2 {
		return args[1]
	}
	return ""
}

// typeArgs splits the arguments of type text typ of kind kind (ARRAY<…>,
// MAP<…>, STRUCT<…>) at their top-level commas.
func typeArgs(typ, kind string) ([]string, bool) {
	typ = strings.TrimSpace(typ)
	if len(typ) < len(kind)+2 || !strings.EqualFold(typ[:len(kind)], kind) || typ[len(kind)] != '<' || typ[len(typ)-1] != '>' {
		return nil, false
	}
	body := typ[len(kind)+1 : len(typ)-1]
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(body); i++ {
		switch body[i] {
		case '<', '(':
			depth++
		case '>', ')':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, strings.TrimSpace(body[start:i]))
				start = i + 1
			}
		}
	}
	return append(out, strings.TrimSpace(body[start:])), true
}

// exprTypeText returns the Spark type text of a column reference, a
// subscript or a field access over one, "" when not known.
func (r *rewriter) exprTypeText(e exprNode) string {
	switch x := e.(type) {
	case *colExpr:
		return r.columnType(x.parts)
	case *indexExpr:
		return elementType(r.exprTypeText(x.x))
	case *fieldExpr:
		if c, ok := x.x.(*callExpr); ok && c.name == "named_struct" {
			return namedStructField(r, c, x.name)
		}
		return fieldType(r.exprTypeText(x.x), x.name)
	case *callExpr:
		// Only the kind is told: the element types are not tracked.
		switch x.name {
		case "array":
			return "ARRAY<>"
		case "map":
			return "MAP<>"
		}
	}
	return ""
}

// namedStructField returns the type text of field f of named_struct(…)
// call c: that of the value after the name f.
func namedStructField(r *rewriter, c *callExpr, f string) string {
	for i := 0; i+1 < len(c.args); i += 2 {
		if l, ok := c.args[i].(*litExpr); ok && l.kind == litString && strings.EqualFold(l.pretty, f) {
			return r.exprTypeText(c.args[i+1])
		}
	}
	return ""
}

// tableColumnType is the type of the column reference parts from the
// statement's tables (see columnType); unknownType when they do not tell
// it, or tell a type the resolver does not know. The statement's tables
// are one list for all its query blocks, so it answers only where that
// list is the truth: not in a statement with a CTE or a derived table (a
// name could be their column, of another type), nor for a name the
// statement also gives a select item with AS (ORDER BY and HAVING may mean
// the item).
func (r *rewriter) tableColumnType(parts []string) sparkType {
	if !r.realTablesOnly() || r.aliasedAs(parts[0]) {
		return unknownType
	}
	typ := r.columnType(parts)
	if typ == "" {
		return unknownType
	}
	return parseSparkType(strings.ToUpper(strings.ReplaceAll(typ, " ", "")))
}

// realTablesOnly reports whether the statement has no WITH and no derived
// table (a subquery in a FROM or JOIN clause): every query block reads
// only tables the FROM scope lists.
func (r *rewriter) realTablesOnly() bool {
	for k := range r.sig {
		t := r.sigTok(k)
		if t.isKeyword("WITH") {
			return false
		}
		if !r.sigTok(k+1).isKeyword("SELECT") && !r.sigTok(k+1).isKeyword("VALUES") || !t.isPunct('(') {
			continue
		}
		if p := r.sigTok(k - 1); p.isKeyword("FROM") || p.isKeyword("JOIN") || p.isKeyword("LATERAL") ||
			p.isPunct(',') && r.inFromList(k-1) {
			return false
		}
	}
	return true
}

// aliasedAs reports whether the statement names something name with AS.
func (r *rewriter) aliasedAs(name string) bool {
	for k := 1; k < len(r.sig); k++ {
		if t := r.sigTok(k); t.isIdent() && r.sigTok(k-1).isKeyword("AS") && strings.EqualFold(t.value(), name) {
			return true
		}
	}
	return false
}
