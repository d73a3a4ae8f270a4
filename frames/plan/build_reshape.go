package plan

import (
	"github.com/apache/arrow-go/v18/arrow"
)

// PivotColumnName is the output column name for a pivot value: the string
// itself for strings, "null" for NULL, otherwise [LiteralString].
func PivotColumnName(l Literal) string {
	switch v := l.Value.(type) {
	case nil:
		return "null"
	case string:
		return v
	}
	return LiteralString(l)
}

// NewPivot builds a pivot: output columns are index, then one column per
// value (named by [PivotColumnName]) holding agg(valueCol) over the rows of
// the index group whose on column equals the value. A cell without rows is
// NULL, except for count, where it is 0. Values are retyped to on's type.
func NewPivot(input Node, index []string, on string, values []Literal, valueCol string, agg AggFunc) (*Pivot, error) {
	if err := checkInput(input, "pivot"); err != nil {
		return nil, err
	}
	in := input.Schema()
	if err := requireColumns(in, append([]string{on, valueCol}, index...)); err != nil {
		return nil, err
	}
	if len(values) == 0 {
		return nil, invalidf("pivot: no values to pivot on (the output schema needs them)")
	}
	onField, valField := field(in, on), field(in, valueCol)
	t, err := AggType(agg, valField.Type)
	if err != nil {
		return nil, err
	}
	p := &Pivot{Input: input, Index: append([]string(nil), index...), On: on, ValueCol: valueCol, Agg: agg}
	var fields []arrow.Field
	seen := map[string]bool{}
	for _, c := range index {
		fields = append(fields, field(in, c))
		seen[c] = true
	}
	for _, v := range values {
		lit, err := literal(v)
		if err != nil {
			return nil, err
		}
		_, ok := Supertype(onField.Type, lit.t)
		if !ok {
			return nil, typeErrorf("pivot: value %s does not match %s %q", describe(lit), TypeName(onField.Type), on)
		}
		l, err := retypeLiteral(lit.e.(Literal), onField.Type)
		if err != nil {
			return nil, err
		}
		name := PivotColumnName(l)
		if name == "" {
			return nil, invalidf("pivot: value %s gives an empty column name", ExprString(l))
		}
		if err := checkName("pivot", name); err != nil {
			return nil, err
		}
		if seen[name] {
			return nil, invalidf("pivot: output column %q appears twice", name)
		}
		seen[name] = true
		p.Values = append(p.Values, l)
		fields = append(fields, arrow.Field{Name: name, Type: t, Nullable: agg != AggCount})
	}
	p.Out = arrow.NewSchema(fields, nil)
	return p, nil
}

// NewMelt unpivots valueVars (every column not in idVars when empty) into
// (variableName, valueName) rows; the value column takes the values'
// [Supertype]. Names default to "variable" and "value".
func NewMelt(input Node, idVars, valueVars []string, variableName, valueName string) (*Melt, error) {
	if err := checkInput(input, "melt"); err != nil {
		return nil, err
	}
	in := input.Schema()
	if err := requireColumns(in, idVars); err != nil {
		return nil, err
	}
	isID := map[string]bool{}
	for _, c := range idVars {
		isID[c] = true
	}
	if len(valueVars) == 0 {
		for _, f := range in.Fields() {
			if !isID[f.Name] {
				valueVars = append(valueVars, f.Name)
			}
		}
	}
	if len(valueVars) == 0 {
		return nil, invalidf("melt: no value columns")
	}
	if err := requireColumns(in, valueVars); err != nil {
		return nil, err
	}
	if variableName == "" {
		variableName = "variable"
	}
	if valueName == "" {
		valueName = "value"
	}
	var t arrow.DataType
	for _, c := range valueVars {
		if isID[c] {
			return nil, invalidf("melt: column %q is both an id and a value column", c)
		}
		f := field(in, c)
		if t == nil {
			t = f.Type
			continue
		}
		s, ok := Supertype(t, f.Type)
		if !ok {
			return nil, typeErrorf("melt: value columns have no common type (%s and %s %q)", TypeName(t), TypeName(f.Type), c)
		}
		t = s
	}
	for _, n := range []string{variableName, valueName} {
		if err := checkName("melt", n); err != nil {
			return nil, err
		}
	}
	if variableName == valueName || isID[variableName] || isID[valueName] {
		return nil, invalidf("melt: output names %q and %q must differ from each other and from the id columns", variableName, valueName)
	}
	var fields []arrow.Field
	for _, c := range idVars {
		fields = append(fields, field(in, c))
	}
	fields = append(fields, arrow.Field{Name: variableName, Type: tString},
		arrow.Field{Name: valueName, Type: t, Nullable: true})
	return &Melt{Input: input, IDVars: append([]string(nil), idVars...), ValueVars: append([]string(nil), valueVars...),
		VariableName: variableName, ValueName: valueName, Out: arrow.NewSchema(fields, nil)}, nil
}

// NewExplode explodes the list column column into its element type.
func NewExplode(input Node, column string) (*Explode, error) {
	if err := checkInput(input, "explode"); err != nil {
		return nil, err
	}
	in := input.Schema()
	if err := requireColumns(in, []string{column}); err != nil {
		return nil, err
	}
	fields := append([]arrow.Field(nil), in.Fields()...)
	i := in.FieldIndices(column)[0]
	lt, ok := fields[i].Type.(*arrow.ListType)
	if !ok {
		return nil, typeErrorf("explode needs a list column, got %s %q", TypeName(fields[i].Type), column)
	}
	fields[i] = arrow.Field{Name: column, Type: lt.Elem(), Nullable: true}
	return &Explode{Input: input, Column: column, Out: arrow.NewSchema(fields, nil)}, nil
}

// NewConcat concatenates items: vertically they need the same column names
// and types in the same order; horizontally distinct column names (columns
// become nullable: shorter inputs are padded with NULL).
func NewConcat(items []Node, how ConcatHow) (*Concat, error) {
	if len(items) == 0 {
		return nil, invalidf("concat of nothing")
	}
	for _, it := range items {
		if it == nil {
			return nil, invalidf("concat of a nil input")
		}
	}
	var fields []arrow.Field
	switch how {
	case ConcatVertical:
		first := items[0].Schema()
		fields = append(fields, first.Fields()...)
		for i, it := range items[1:] {
			if err := sameColumns(first, it.Schema()); err != nil {
				return nil, typeErrorf("concat: input %d: %v", i+1, err)
			}
			for j, f := range it.Schema().Fields() {
				fields[j].Nullable = fields[j].Nullable || f.Nullable
			}
		}
	case ConcatHorizontal:
		seen := map[string]bool{}
		for _, it := range items {
			for _, f := range it.Schema().Fields() {
				if seen[f.Name] {
					return nil, invalidf("concat horizontal: column %q appears in more than one input", f.Name)
				}
				seen[f.Name] = true
				f.Nullable = true
				fields = append(fields, f)
			}
		}
	default:
		return nil, invalidf("unknown concat direction %q", how)
	}
	return &Concat{Items: append([]Node(nil), items...), How: how, Out: arrow.NewSchema(fields, nil)}, nil
}

// NewSetOp builds UNION / INTERSECT / EXCEPT of inputs with the same column
// names and types.
func NewSetOp(left, right Node, kind SetOpKind, all bool) (*SetOp, error) {
	if left == nil || right == nil {
		return nil, invalidf("%s needs two inputs", kind)
	}
	switch kind {
	case SetUnion, SetIntersect, SetExcept:
	default:
		return nil, invalidf("unknown set operation %q", kind)
	}
	if err := sameColumns(left.Schema(), right.Schema()); err != nil {
		return nil, typeErrorf("%s: right input %v", kind, err)
	}
	return &SetOp{Left: left, Right: right, Kind: kind, All: all}, nil
}
