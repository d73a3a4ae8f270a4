package sqlgen

import (
	"fmt"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/sealane/sealane/frames/plan"
)

// Compile writes root as one SQL query in dialect d. Each plan node becomes
// a common table expression over its input's, so operators run exactly in
// plan order; the final SELECT casts every column to root.Schema()'s type
// and orders the rows when the plan defines an order.
//
// sources is asked for every [plan.Source] occurrence, parents before
// children and left to right; a non-empty answer is the name of a relation
// (quoted by Compile) to read the source's columns from — engines register
// in-memory records, or files they read themselves, under such names. An
// empty answer asks Compile to read the source itself: files through the
// dialect's table functions and tables by their name. Records sources need
// a name. sources may be nil.
//
// Row order follows the plan's semantics: sources, filters, projections,
// slices, explode, melt and vertical concatenation keep their input order;
// sort defines one; aggregates, pivots, joins other than semi and anti, and
// distinct set operations produce rows in no particular order. Where order
// matters and the dialect does not keep it by itself, a row-order column
// named __sl_rn is carried along (and never output). Column names starting
// with __sl_ are therefore reserved.
func Compile(root plan.Node, d *Dialect, sources func(*plan.Source) (string, error)) (string, error) {
	if root == nil {
		return "", fmt.Errorf("frames/sqlgen: nil plan")
	}
	if d == nil {
		return "", fmt.Errorf("frames/sqlgen: nil dialect")
	}
	var rel func(*plan.Source) (Relation, error)
	if sources != nil {
		rel = func(s *plan.Source) (Relation, error) {
			name, err := sources(s)
			return Relation{Name: name}, err
		}
	}
	return CompileRelations(root, d, rel)
}

// Relation is a source's answer to [CompileRelations]: the name of a
// relation (quoted by the compiler), or SQL text of a parenthesised table
// expression used as it is (e.g. from [Values]). Both empty asks the
// compiler to read the source itself.
type Relation struct {
	Name string
	SQL  string
	// Key, optional, names a column of the relation whose ascending order
	// is the source's row order (e.g. a row number stored with an
	// in-memory source copied into a table). Without it the order is the
	// order the database scans the relation in.
	Key string
}

// CompileRelations is [Compile] with sources answering a [Relation].
func CompileRelations(root plan.Node, d *Dialect, sources func(*plan.Source) (Relation, error)) (string, error) {
	if root == nil {
		return "", fmt.Errorf("frames/sqlgen: nil plan")
	}
	if d == nil {
		return "", fmt.Errorf("frames/sqlgen: nil dialect")
	}
	c := &compiler{d: d, sources: sources}
	r, err := c.node(root)
	if err != nil {
		return "", err
	}
	return c.final(root.Schema(), r)
}

// rel is a compiled relation: a CTE with the node's columns and, maybe, the
// row-order column.
type rel struct {
	cte    int
	schema *arrow.Schema
	// key: the relation carries rowKey, whose ascending order is the row
	// order.
	key bool
	// natural (DuckDB only): the relation's rows come out in their order.
	natural bool
}

func (r rel) ordered() bool { return r.key || r.natural }

type cteDef struct {
	body string
	refs int
}

type compiler struct {
	d       *Dialect
	sources func(*plan.Source) (Relation, error)
	ctes    []cteDef
}

// add appends a CTE and returns its relation.
func (c *compiler) add(body string, schema *arrow.Schema, key, natural bool) rel {
	c.ctes = append(c.ctes, cteDef{body: body})
	return rel{cte: len(c.ctes) - 1, schema: schema, key: key, natural: natural}
}

func cteName(i int) string { return fmt.Sprintf("__sl_%d", i) }

// from references r (counting the reference) and returns its quoted name.
func (c *compiler) from(r rel) string {
	c.ctes[r.cte].refs++
	return c.q(cteName(r.cte))
}

func (c *compiler) q(name string) string { return c.d.QuoteIdent(name) }

// cols lists r's quoted columns, with the row key when r has one.
func (c *compiler) cols(r rel, withKey bool) []string {
	out := make([]string, 0, r.schema.NumFields()+1)
	for _, f := range r.schema.Fields() {
		out = append(out, c.q(f.Name))
	}
	if withKey && r.key {
		out = append(out, c.q(rowKey))
	}
	return out
}

func (c *compiler) colList(r rel) string { return strings.Join(c.cols(r, true), ", ") }

func (c *compiler) writer(r rel) *exprWriter {
	w := &exprWriter{d: c.d, schema: r.schema}
	if r.key {
		w.key = c.q(rowKey)
	}
	return w
}

// rowNumber is the expression numbering a relation's rows in their order.
func (c *compiler) rowNumber() string {
	if c.d.kind == kindDatabricks {
		return "monotonically_increasing_id()"
	}
	return "row_number() OVER ()"
}

// withKey gives r a row-order column.
func (c *compiler) withKey(r rel) rel {
	if r.key {
		return r
	}
	body := "SELECT " + strings.Join(c.cols(r, false), ", ") + ", " + c.rowNumber() + " AS " + c.q(rowKey) + " FROM " + c.from(r)
	return c.add(body, r.schema, true, r.natural)
}

// toNatural (DuckDB) makes r's rows come out in their order.
func (c *compiler) toNatural(r rel) rel {
	if r.natural || !r.key || !c.d.natural {
		return r
	}
	body := "SELECT " + c.colList(r) + " FROM " + c.from(r) + " ORDER BY " + c.q(rowKey)
	return c.add(body, r.schema, true, true)
}

// castTo casts s to t.
func (c *compiler) castTo(s string, t arrow.DataType) (string, error) {
	typ, err := c.d.TypeName(t)
	if err != nil {
		return "", err
	}
	return "CAST(" + s + " AS " + typ + ")", nil
}

// final writes the WITH clause and the outermost SELECT.
func (c *compiler) final(out *arrow.Schema, r rel) (string, error) {
	if out.NumFields() != r.schema.NumFields() {
		return "", fmt.Errorf("frames/sqlgen: plan schema has %d columns, compiled %d", out.NumFields(), r.schema.NumFields())
	}
	sel := make([]string, out.NumFields())
	for i, f := range out.Fields() {
		s, err := c.castTo(c.q(r.schema.Field(i).Name), f.Type)
		if err != nil {
			return "", err
		}
		sel[i] = s + " AS " + c.q(f.Name)
	}
	tail := "SELECT " + strings.Join(sel, ", ") + "\nFROM " + c.from(r)
	if r.key && !r.natural {
		tail += "\nORDER BY " + c.q(rowKey)
	}
	var b strings.Builder
	b.WriteString("WITH\n")
	for i, def := range c.ctes {
		b.WriteString("  " + c.q(cteName(i)) + " AS ")
		if def.refs > 1 && c.d.natural {
			// Read once (registered Arrow views are read-once).
			b.WriteString("MATERIALIZED ")
		}
		b.WriteString("(" + def.body + ")")
		if i < len(c.ctes)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString(tail)
	return b.String(), nil
}

// node compiles n and everything below it.
func (c *compiler) node(n plan.Node) (rel, error) {
	switch n := n.(type) {
	case *plan.Source:
		return c.source(n)
	case *plan.Project:
		return c.project(n)
	case *plan.Filter:
		return c.filter(n)
	case *plan.Sort:
		return c.sort(n)
	case *plan.Distinct:
		return c.distinct(n)
	case *plan.Slice:
		return c.slice(n)
	case *plan.FillNull:
		return c.fillNull(n)
	case *plan.DropNulls:
		return c.dropNulls(n)
	case *plan.Join:
		return c.join(n)
	case *plan.Aggregate:
		return c.aggregate(n)
	case *plan.Pivot:
		return c.pivot(n)
	case *plan.Melt:
		return c.melt(n)
	case *plan.Explode:
		return c.explode(n)
	case *plan.Concat:
		if n.How == plan.ConcatHorizontal {
			return c.concatHorizontal(n)
		}
		return c.concatVertical(n.Items, n.Schema())
	case *plan.SetOp:
		return c.setOp(n)
	}
	return rel{}, fmt.Errorf("frames/sqlgen: unknown plan node %T", n)
}

func (c *compiler) source(s *plan.Source) (rel, error) {
	if s.Out == nil {
		return rel{}, fmt.Errorf("frames/sqlgen: source %q has no schema", s.ID)
	}
	var r Relation
	if c.sources != nil {
		var err error
		if r, err = c.sources(s); err != nil {
			return rel{}, err
		}
	}
	var from string
	cast := true
	switch {
	case r.SQL != "":
		from, cast = r.SQL, false
	case r.Name != "":
		from, cast = c.q(r.Name), false
	case s.Kind == plan.SourceRecords:
		return rel{}, fmt.Errorf("frames/sqlgen: records source %q needs a relation name from the engine", s.ID)
	case s.Kind == plan.SourceTable:
		from = c.d.QuoteQualified(s.Table)
	case s.Kind == plan.SourceFile:
		var err error
		if from, err = c.fileScan(s); err != nil {
			return rel{}, err
		}
	default:
		return rel{}, fmt.Errorf("frames/sqlgen: unknown source kind %q", s.Kind)
	}
	sel := make([]string, 0, s.Out.NumFields()+1)
	for _, f := range s.Out.Fields() {
		col := c.q(f.Name)
		if cast {
			cs, err := c.castTo(col, f.Type)
			if err != nil {
				return rel{}, err
			}
			col = cs + " AS " + col
		}
		sel = append(sel, col)
	}
	key := !c.d.natural
	if key && s.Kind == plan.SourceTable && r.Name == "" && r.SQL == "" && (c.d.kind == kindPostgres || c.d.kind == kindSQLite) {
		// A table has no row order: number its rows only where an
		// operator needs an order (withKey), after filters and
		// projections, so they stay pushed down to the scan.
		key = false
	}
	if key && r.Key != "" {
		sel = append(sel, c.q(r.Key)+" AS "+c.q(rowKey))
	} else if key {
		sel = append(sel, c.rowNumber()+" AS "+c.q(rowKey))
	}
	return c.add("SELECT "+strings.Join(sel, ", ")+" FROM "+from, s.Out, key, c.d.natural), nil
}
