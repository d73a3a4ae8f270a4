package mongo

import (
	"crypto/sha256"
	"fmt"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/sealane/sealane/frames/engine"
	"github.com/sealane/sealane/frames/plan"
)

// Reserved field names of the documents the engine writes and computes.
const (
	rowKeyField = "__sl_rn"    // input order of an in-memory source's rows
	neverField  = "__sl_never" // a field no document has: {$exists: true} matches nothing
	tempPrefix  = "__sl_src_"  // temporary collections of in-memory sources
)

// tempSource is an in-memory source copied to a temporary collection.
// Sources with an ID (two sources with one ID hold the same rows) are
// copied once per engine and dropped on Close; others once per run.
type tempSource struct {
	coll   string
	src    *plan.Source
	cached bool
}

// compiled is a plan as one pipeline on one collection.
type compiled struct {
	coll     string
	pipeline bson.A
	// fields holds, per output column, the document path of its value
	// (dotted below a $group's _id).
	fields  []string
	uploads []tempSource
}

// rel is the state of a pipeline while it is built.
type rel struct {
	coll   string
	stages bson.A
	fields []string
	schema *arrow.Schema // the columns fields holds
	rowKey string        // field holding the input order, "" when lost
	sorted bool          // a $sort defined the current order
}

type compiler struct {
	scope   string
	exec    string
	uploads []tempSource
	names   map[*plan.Source]string
	lits    int
}

// compile builds root's pipeline; scope names the temporary collections
// of in-memory sources with an ID (one per engine), exec those of the
// others (one per run).
func compile(root plan.Node, scope, exec string) (*compiled, error) {
	c := &compiler{scope: scope, exec: exec, names: map[*plan.Source]string{}}
	r, err := c.node(root)
	if err != nil {
		return nil, err
	}
	out := &compiled{coll: r.coll, pipeline: r.stages, fields: r.fields, uploads: c.uploads}
	if p := finalProject(r.fields); p != nil {
		out.pipeline = append(out.pipeline, bson.D{{Key: "$project", Value: p}})
	}
	return out, nil
}

// checkShape compiles the plan under n, reporting what the pipeline
// language (as far as the compiler speaks it) cannot express.
func checkShape(n plan.Node) error {
	_, err := compile(n, "check", "check")
	return err
}

// finalProject keeps only the fields the result decodes, or nil when the
// documents hold nothing else (after a $group) or there are no columns.
func finalProject(fields []string) bson.D {
	if len(fields) == 0 {
		return nil
	}
	p := bson.D{}
	seen := map[string]bool{}
	keepID := false
	for _, f := range fields {
		if f == "_id" || strings.HasPrefix(f, "_id.") {
			keepID = true
			if f != "_id" {
				return nil
			}
		}
		if !seen[f] {
			seen[f] = true
			p = append(p, bson.E{Key: f, Value: 1})
		}
	}
	if !keepID {
		p = append(bson.D{{Key: "_id", Value: 0}}, p...)
	}
	return p
}

func unsupported(what, detail string) error { return engine.Unsupported(Name, what, detail) }

func (c *compiler) node(n plan.Node) (*rel, error) {
	if s, ok := n.(*plan.Source); ok {
		return c.source(s)
	}
	ins := n.Inputs()
	if len(ins) != 1 {
		return nil, unsupported("op "+string(n.Op()), "a pipeline reads one collection")
	}
	in, err := c.node(ins[0])
	if err != nil {
		return nil, err
	}
	out, err := c.step(n, in)
	if err != nil {
		return nil, err
	}
	out.schema = n.Schema()
	return out, nil
}

func (c *compiler) step(n plan.Node, in *rel) (*rel, error) {
	switch x := n.(type) {
	case *plan.Project:
		return c.project(x, in)
	case *plan.Filter:
		m, err := c.match(x.Pred, in, true)
		if err != nil {
			return nil, err
		}
		in.stages = append(in.stages, bson.D{{Key: "$match", Value: m}})
		return in, nil
	case *plan.Sort:
		return c.sort(x, in)
	case *plan.Slice:
		return c.slice(x, in)
	case *plan.DropNulls:
		return c.dropNulls(x, in)
	case *plan.Distinct:
		return c.distinct(x, in)
	case *plan.Aggregate:
		return c.aggregate(x, in)
	}
	return nil, unsupported("op "+string(n.Op()), "")
}

func (c *compiler) source(s *plan.Source) (*rel, error) {
	if s.Out == nil { // checked before its schema is inferred
		return &rel{coll: s.Table, schema: arrow.NewSchema(nil, nil)}, nil
	}
	for _, f := range s.Out.Fields() {
		if !supportedType(f.Type) {
			return nil, unsupported("op "+string(s.Op()), fmt.Sprintf("column %q has type %s, which the engine does not map to BSON", f.Name, plan.TypeName(f.Type)))
		}
	}
	switch s.Kind {
	case plan.SourceRecords:
		name, ok := c.names[s]
		if !ok {
			cached := s.ID != ""
			if cached {
				sum := sha256.Sum256([]byte(s.ID))
				name = fmt.Sprintf("%s%s_%x", tempPrefix, c.scope, sum[:8])
			} else {
				name = fmt.Sprintf("%s%s_%d", tempPrefix, c.exec, len(c.uploads)+1)
			}
			c.names[s] = name
			c.uploads = append(c.uploads, tempSource{coll: name, src: s, cached: cached})
		}
		return &rel{coll: name, schema: s.Out, fields: positional(s.Out.NumFields()), rowKey: rowKeyField}, nil
	case plan.SourceTable:
		fields := make([]string, s.Out.NumFields())
		for i, f := range s.Out.Fields() {
			if f.Name == "" || strings.ContainsAny(f.Name, ".\x00") || strings.HasPrefix(f.Name, "$") {
				return nil, unsupported("op "+string(s.Op()), fmt.Sprintf("field name %q cannot be read by a field path", f.Name))
			}
			fields[i] = f.Name
		}
		return &rel{coll: s.Table, schema: s.Out, fields: fields}, nil
	}
	return nil, unsupported("op "+string(s.Op()), "the engine reads collections and in-memory frames")
}

// positional names the fields of an uploaded source c0, c1, … (column
// names may hold characters field paths cannot).
func positional(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("c%d", i)
	}
	return out
}

// column returns the field of input column name.
func column(in *rel, name string) (string, arrow.DataType, error) {
	sc := in.schema
	idx := sc.FieldIndices(name)
	if len(idx) != 1 {
		return "", nil, fmt.Errorf("frames/engines/mongo: column %q not found once in %s", name, sc)
	}
	return in.fields[idx[0]], sc.Field(idx[0]).Type, nil
}

// project maps output columns onto input fields (renames, drops and
// reordering cost no stage: the decoder reads each column from its field)
// and sets constant columns with $set.
func (c *compiler) project(p *plan.Project, in *rel) (*rel, error) {
	fields := make([]string, len(p.Exprs))
	set := bson.D{}
	for i, ne := range p.Exprs {
		switch x := plan.Deref(ne.Expr).(type) {
		case plan.ColumnRef:
			f, _, err := column(in, x.Name)
			if err != nil {
				return nil, err
			}
			fields[i] = f
		case plan.Literal:
			v, err := bsonValue(x)
			if err != nil {
				return nil, unsupported("op "+string(p.Op()), err.Error())
			}
			if s, ok := v.(string); ok && strings.HasPrefix(s, "$") {
				return nil, unsupported("op "+string(p.Op()), "a string constant starting with $ needs $literal, which the engine does not emit")
			}
			c.lits++
			f := fmt.Sprintf("__sl_lit%d", c.lits)
			set = append(set, bson.E{Key: f, Value: v})
			fields[i] = f
		default:
			return nil, unsupported(exprWhat(ne.Expr, p.Op()), "computed columns need aggregation expressions, which the engine does not emit")
		}
	}
	if len(set) > 0 {
		in.stages = append(in.stages, bson.D{{Key: "$set", Value: set}})
	}
	in.fields = fields
	return in, nil
}

// exprWhat names an expression's function for unsupported errors.
func exprWhat(x plan.Expr, op plan.Op) string {
	switch v := plan.Deref(x).(type) {
	case plan.Call:
		return "func " + string(v.Fn)
	case plan.Cast:
		return "op cast"
	case plan.Window:
		return "op window"
	}
	return "op " + string(op)
}

func (c *compiler) sort(s *plan.Sort, in *rel) (*rel, error) {
	spec := bson.D{}
	seen := map[string]bool{}
	for _, k := range s.Keys {
		ref, ok := plan.Deref(k.Expr).(plan.ColumnRef)
		if !ok {
			return nil, unsupported("op sort", "sort keys must be columns (computed keys need aggregation expressions)")
		}
		f, t, err := column(in, ref.Name)
		if err != nil {
			return nil, err
		}
		if _, isList := t.(*arrow.ListType); isList {
			return nil, unsupported("op sort", "sorting by a list column")
		}
		// MongoDB orders null below every value: first ascending, last
		// descending; the other placements need expressions.
		if k.NullsFirst == k.Desc {
			return nil, unsupported("op sort", fmt.Sprintf("nulls %s in %s order (MongoDB sorts null lowest)", map[bool]string{true: "first", false: "last"}[k.NullsFirst], map[bool]string{true: "descending", false: "ascending"}[k.Desc]))
		}
		if seen[f] {
			continue
		}
		seen[f] = true
		dir := 1
		if k.Desc {
			dir = -1
		}
		spec = append(spec, bson.E{Key: f, Value: dir})
	}
	switch {
	case in.rowKey != "" && !seen[in.rowKey]:
		spec = append(spec, bson.E{Key: in.rowKey, Value: 1}) // ties keep input order
	case s.Stable:
		return nil, unsupported("op sort", "a stable sort needs the input order, which is lost after a group")
	}
	in.stages = append(in.stages, bson.D{{Key: "$sort", Value: spec}})
	in.sorted = true
	return in, nil
}

func (c *compiler) slice(s *plan.Slice, in *rel) (*rel, error) {
	if s.Offset < 0 {
		return nil, unsupported("op slice", "a tail (negative offset) needs the row count")
	}
	if !in.sorted && in.rowKey != "" {
		in.stages = append(in.stages, bson.D{{Key: "$sort", Value: bson.D{{Key: in.rowKey, Value: 1}}}})
		in.sorted = true
	}
	if s.Offset > 0 {
		in.stages = append(in.stages, bson.D{{Key: "$skip", Value: s.Offset}})
	}
	switch {
	case s.Length == 0: // $limit 0 is an error
		in.stages = append(in.stages, bson.D{{Key: "$match", Value: never()}})
	case s.Length > 0:
		in.stages = append(in.stages, bson.D{{Key: "$limit", Value: s.Length}})
	}
	return in, nil
}

func (c *compiler) dropNulls(d *plan.DropNulls, in *rel) (*rel, error) {
	names := d.Subset
	if len(names) == 0 {
		for _, f := range in.schema.Fields() {
			names = append(names, f.Name)
		}
	}
	var conds bson.A
	for _, n := range names {
		f, _, err := column(in, n)
		if err != nil {
			return nil, err
		}
		conds = append(conds, bson.D{{Key: f, Value: bson.D{{Key: "$ne", Value: nil}}}})
	}
	if len(conds) > 0 {
		in.stages = append(in.stages, bson.D{{Key: "$match", Value: bson.D{{Key: "$and", Value: conds}}}})
	}
	return in, nil
}

// distinct groups by every column (nulls group together, as Distinct
// wants).
func (c *compiler) distinct(d *plan.Distinct, in *rel) (*rel, error) {
	if d.Keep != plan.KeepAny && d.Keep != "" {
		return nil, unsupported("op distinct", fmt.Sprintf("keep=%s needs $first/$last or windows", d.Keep))
	}
	if len(d.Subset) > 0 && len(d.Subset) < in.schema.NumFields() {
		cover := map[string]bool{}
		for _, s := range d.Subset {
			cover[s] = true
		}
		for _, f := range in.schema.Fields() {
			if !cover[f.Name] {
				return nil, unsupported("op distinct", "a subset of the columns needs $first for the others")
			}
		}
	}
	id := bson.D{}
	fields := make([]string, len(in.fields))
	for i, f := range in.fields {
		k := fmt.Sprintf("k%d", i)
		id = append(id, bson.E{Key: k, Value: "$" + f})
		fields[i] = "_id." + k
	}
	in.stages = append(in.stages, bson.D{{Key: "$group", Value: bson.D{{Key: "_id", Value: id}}}})
	return &rel{coll: in.coll, stages: in.stages, fields: fields}, nil
}

// aggregate is a $group keyed by columns; count(*) is the one accumulator
// with SQL's answer (MongoDB's $sum of no values is 0, SQL's NULL; its
// $count with an argument needs $cond).
func (c *compiler) aggregate(a *plan.Aggregate, in *rel) (*rel, error) {
	if len(a.Keys) == 0 {
		return nil, unsupported("op aggregate", "without keys: $group of no documents gives no row, SQL one")
	}
	id := bson.D{}
	fields := make([]string, 0, len(a.Keys)+len(a.Aggs))
	for i, k := range a.Keys {
		ref, ok := plan.Deref(k.Expr).(plan.ColumnRef)
		if !ok {
			return nil, unsupported(exprWhat(k.Expr, plan.OpAggregate), "group keys must be columns")
		}
		f, _, err := column(in, ref.Name)
		if err != nil {
			return nil, err
		}
		key := fmt.Sprintf("k%d", i)
		id = append(id, bson.E{Key: key, Value: "$" + f})
		fields = append(fields, "_id."+key)
	}
	group := bson.D{{Key: "_id", Value: id}}
	for i, ne := range a.Aggs {
		ag, ok := plan.Deref(ne.Expr).(plan.Agg)
		if !ok {
			return nil, unsupported(exprWhat(ne.Expr, plan.OpAggregate), "aggregates must be plain aggregate functions")
		}
		if ag.Fn != plan.AggCount || ag.Input != nil || ag.Distinct {
			return nil, unsupported("aggregate "+string(ag.Fn), "only count(*) has SQL's answer in $group without expressions")
		}
		name := fmt.Sprintf("a%d", i)
		group = append(group, bson.E{Key: name, Value: bson.D{{Key: "$count", Value: bson.D{}}}})
		fields = append(fields, name)
	}
	in.stages = append(in.stages, bson.D{{Key: "$group", Value: group}})
	return &rel{coll: in.coll, stages: in.stages, fields: fields}, nil
}

// explain renders the pipeline as db.<collection>.aggregate([...]).
func (c *compiled) explain(db string) (string, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "db.getSiblingDB(%q).getCollection(%q).aggregate([", db, c.coll)
	for i, st := range c.pipeline {
		js, err := bson.MarshalExtJSON(st, false, false)
		if err != nil {
			return "", fmt.Errorf("frames/engines/mongo: explain: %w", err)
		}
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n  ")
		b.Write(js)
	}
	b.WriteString("\n])")
	for _, u := range c.uploads {
		n := 0
		for _, r := range u.src.Records {
			n += int(r.NumRows())
		}
		fmt.Fprintf(&b, "\n// %s: %d in-memory rows copied for the run", u.coll, n)
	}
	return b.String(), nil
}
