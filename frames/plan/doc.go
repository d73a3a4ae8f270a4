// Package plan is the logical plan of sealane's typed frames: a tree of
// [Node]s whose leaves are [Source]s, with [Expr] trees inside the nodes.
//
// A plan is built bottom-up by the constructors in this package (NewFilter,
// NewProject, NewJoin, …). Each constructor resolves its expressions against
// its input's schema and derives its own output schema at once, so a bad
// column name or a type error is reported when the plan is built, never when
// it runs. Built nodes are immutable and may be shared between plans.
//
// The package is pure Go and depends on nothing but arrow-go's type system:
// it is the vocabulary shared by the frames API (package frames), by every
// execution engine (package engine and its implementations) and by the SQL
// compiler (package sqlgen). Engines read plans; they never build them.
package plan
