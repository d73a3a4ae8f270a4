package plan

import "github.com/apache/arrow-go/v18/arrow"

// Op names a plan operation. Engines declare the Ops they support
// (engine.Capabilities.Ops); join kinds and set operations are separate Ops
// because engines differ on them one by one.
type Op string

// Operations.
const (
	OpScanRecords Op = "scan_records"
	OpScanParquet Op = "scan_parquet"
	OpScanCSV     Op = "scan_csv"
	OpScanNDJSON  Op = "scan_ndjson"
	OpScanIPC     Op = "scan_ipc"
	OpScanTable   Op = "scan_table"

	OpSelect      Op = "select"
	OpWithColumns Op = "with_columns"
	OpDrop        Op = "drop"
	OpRename      Op = "rename"
	OpCast        Op = "cast"
	OpWindow      Op = "window" // a projection containing window expressions

	OpFilter    Op = "filter"
	OpSort      Op = "sort"
	OpDistinct  Op = "distinct"
	OpSlice     Op = "slice"
	OpFillNull  Op = "fill_null"
	OpDropNulls Op = "drop_nulls"

	OpJoinInner Op = "join_inner"
	OpJoinLeft  Op = "join_left"
	OpJoinRight Op = "join_right"
	OpJoinFull  Op = "join_full"
	OpJoinSemi  Op = "join_semi"
	OpJoinAnti  Op = "join_anti"
	OpJoinCross Op = "join_cross"

	OpAggregate Op = "group_by"
	OpPivot     Op = "pivot"
	OpMelt      Op = "melt"
	OpExplode   Op = "explode"

	OpConcatVertical   Op = "concat_vertical"
	OpConcatHorizontal Op = "concat_horizontal"
	OpUnion            Op = "union"
	OpIntersect        Op = "intersect"
	OpExcept           Op = "except"
)

// Op implements Node.
func (s *Source) Op() Op {
	switch s.Kind {
	case SourceRecords:
		return OpScanRecords
	case SourceTable:
		return OpScanTable
	}
	switch s.Format {
	case FormatParquet:
		return OpScanParquet
	case FormatCSV:
		return OpScanCSV
	case FormatNDJSON:
		return OpScanNDJSON
	}
	return OpScanIPC
}

// Op implements Node.
func (p *Project) Op() Op { return p.OpKind }
func (*Filter) Op() Op    { return OpFilter }
func (*Sort) Op() Op      { return OpSort }
func (*Distinct) Op() Op  { return OpDistinct }
func (*Slice) Op() Op     { return OpSlice }
func (*FillNull) Op() Op  { return OpFillNull }
func (*DropNulls) Op() Op { return OpDropNulls }
func (j *Join) Op() Op    { return Op("join_" + string(j.Kind)) }
func (*Aggregate) Op() Op { return OpAggregate }
func (*Pivot) Op() Op     { return OpPivot }
func (*Melt) Op() Op      { return OpMelt }
func (*Explode) Op() Op   { return OpExplode }
func (c *Concat) Op() Op  { return Op("concat_" + string(c.How)) }
func (s *SetOp) Op() Op   { return Op(s.Kind) }

// Schema implements Node.
func (s *Source) Schema() *arrow.Schema    { return s.Out }
func (p *Project) Schema() *arrow.Schema   { return p.Out }
func (f *Filter) Schema() *arrow.Schema    { return f.Input.Schema() }
func (s *Sort) Schema() *arrow.Schema      { return s.Input.Schema() }
func (d *Distinct) Schema() *arrow.Schema  { return d.Input.Schema() }
func (s *Slice) Schema() *arrow.Schema     { return s.Input.Schema() }
func (f *FillNull) Schema() *arrow.Schema  { return f.Out }
func (d *DropNulls) Schema() *arrow.Schema { return d.Input.Schema() }
func (j *Join) Schema() *arrow.Schema      { return j.Out }
func (a *Aggregate) Schema() *arrow.Schema { return a.Out }
func (p *Pivot) Schema() *arrow.Schema     { return p.Out }
func (m *Melt) Schema() *arrow.Schema      { return m.Out }
func (e *Explode) Schema() *arrow.Schema   { return e.Out }
func (c *Concat) Schema() *arrow.Schema    { return c.Out }
func (s *SetOp) Schema() *arrow.Schema     { return s.Left.Schema() }

// Inputs implements Node.
func (*Source) Inputs() []Node      { return nil }
func (p *Project) Inputs() []Node   { return []Node{p.Input} }
func (f *Filter) Inputs() []Node    { return []Node{f.Input} }
func (s *Sort) Inputs() []Node      { return []Node{s.Input} }
func (d *Distinct) Inputs() []Node  { return []Node{d.Input} }
func (s *Slice) Inputs() []Node     { return []Node{s.Input} }
func (f *FillNull) Inputs() []Node  { return []Node{f.Input} }
func (d *DropNulls) Inputs() []Node { return []Node{d.Input} }
func (j *Join) Inputs() []Node      { return []Node{j.Left, j.Right} }
func (a *Aggregate) Inputs() []Node { return []Node{a.Input} }
func (p *Pivot) Inputs() []Node     { return []Node{p.Input} }
func (m *Melt) Inputs() []Node      { return []Node{m.Input} }
func (e *Explode) Inputs() []Node   { return []Node{e.Input} }
func (c *Concat) Inputs() []Node    { return c.Items }
func (s *SetOp) Inputs() []Node     { return []Node{s.Left, s.Right} }

// Walk calls fn for n and every node below it, parents before children.
// It stops at the first error fn returns.
func Walk(n Node, fn func(Node) error) error {
	if err := fn(n); err != nil {
		return err
	}
	for _, in := range n.Inputs() {
		if err := Walk(in, fn); err != nil {
			return err
		}
	}
	return nil
}
