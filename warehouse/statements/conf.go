package statements

import (
	"context"
	"strings"

	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse/catalog"
	"github.com/sealane/sealane/warehouse/engine"
	"github.com/sealane/sealane/warehouse/rowtable"
	"github.com/sealane/sealane/warehouse/sessions"
	"github.com/sealane/sealane/warehouse/sqlfront"
	"github.com/sealane/sealane/warehouse/typemap"
)

// describeQuery answers DESCRIBE QUERY q with (col_name, data_type, comment)
// without running q: the engine plans it with LIMIT 0. The statement's
// parameters are bound as for execution, so their types shape the result.
func (s *Executor) describeQuery(ctx context.Context, ss *sessions.Session, q string, params []sea.Parameter) (array.RecordReader, error) {
	rdr, err := s.query(ctx, ss, "SELECT * FROM ("+strings.TrimRight(strings.TrimSpace(q), ";")+") LIMIT 0", params)
	if err != nil {
		return nil, err
	}
	// The wrapper's star hides q's bare NULL items; find them in q itself.
	if tr, err := sqlfront.Translate(q, sqlfront.Options{}); err == nil && len(tr.Void) > 0 {
		rdr = withVoidColumns(rdr, tr.Void)
	}
	defer rdr.Release()
	t := rowtable.New(rowtable.Str("col_name"), rowtable.Str("data_type"), rowtable.Str("comment"))
	for _, f := range rdr.Schema().Fields() {
		col, err := typemap.FromArrow(f.Type, ss.Timezone())
		if err != nil {
			t.Discard()
			return nil, err
		}
		t.Add(f.Name, col.TypeText, nil)
	}
	return t.Reader(), nil
}

// catalogConn is a session as the catalog sees it.
type catalogConn struct {
	s  *Executor
	ss *sessions.Session
}

// conn presents ss to the catalog.
func (s *Executor) conn(ss *sessions.Session) catalog.Conn { return catalogConn{s, ss} }

func (c catalogConn) Engine() engine.Session { return c.ss.Conn() }

func (c catalogConn) Namespace() (catalog, schema string) { return c.ss.Namespace() }

func (c catalogConn) UseNamespace(ctx context.Context, catalog, schema string) error {
	return c.s.env.UseNamespace(ctx, c.ss, catalog, schema)
}

func (c catalogConn) InTransaction() bool { return c.ss.InTransaction() }
