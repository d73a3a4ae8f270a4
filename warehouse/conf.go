package warehouse

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse/catalog"
	"github.com/sealane/sealane/warehouse/engine"
	"github.com/sealane/sealane/warehouse/rowtable"
	"github.com/sealane/sealane/warehouse/sqlfront"
	"github.com/sealane/sealane/warehouse/typemap"
)

// set answers SET k = v (recorded as a session conf; TIMEZONE also reaches
// the engine), SET k (shows the value), SET (lists confs) and RESET.
func (s *Server) set(ctx context.Context, ss *session, cmd sqlfront.Command) (array.RecordReader, error) {
	key := strings.ToLower(cmd.Key)
	switch {
	case cmd.Kind == sqlfront.KindReset && key == "":
		ss.confs = map[string]string{}
		return rowtable.Empty(), s.resetTimezone(ctx, ss)
	case cmd.Kind == sqlfront.KindReset:
		delete(ss.confs, key)
		if key == "timezone" {
			return rowtable.Empty(), s.resetTimezone(ctx, ss)
		}
		return rowtable.Empty(), nil
	case key == "":
		t := rowtable.New(rowtable.Str("key"), rowtable.Str("value"))
		keys := make([]string, 0, len(ss.confs))
		for k := range ss.confs {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			t.Add(k, ss.confs[k])
		}
		return t.Reader(), nil
	case !cmd.HasValue:
		t := rowtable.New(rowtable.Str("key"), rowtable.Str("value"))
		if v, ok := ss.confs[key]; ok {
			t.Add(cmd.Key, v)
		} else {
			t.Add(cmd.Key, "<undefined>")
		}
		return t.Reader(), nil
	}
	value := cmd.Value
	if key == "timezone" {
		var err error
		if value, err = timezoneValue(value); err != nil {
			return nil, userErr("INVALID_CONF_VALUE", "22023", fmt.Sprintf("The value '%s' in the config \"TIMEZONE\" is invalid: %v.", cmd.Value, err))
		}
	}
	prev, had := ss.confs[key]
	ss.confs[key] = value
	if key == "timezone" {
		if err := s.applyTimezone(ctx, ss); err != nil {
			if had {
				ss.confs[key] = prev
			} else {
				delete(ss.confs, key)
			}
			return nil, userErr("INVALID_CONF_VALUE", "22023", fmt.Sprintf("The value '%s' in the config \"TIMEZONE\" is invalid.", cmd.Value))
		}
	}
	t := rowtable.New(rowtable.Str("key"), rowtable.Str("value"))
	t.Add(cmd.Key, value)
	return t.Reader(), nil
}

// timezoneValue resolves what SET TIME ZONE names into the TIMEZONE value
// recorded: LOCAL becomes the server's zone (see localZone), an INTERVAL
// the offset it denotes (+01:00); anything else is kept as written.
func timezoneValue(v string) (string, error) {
	if strings.EqualFold(strings.TrimSpace(v), "LOCAL") {
		return localZone(), nil
	}
	offset, ok, err := intervalOffset(v)
	switch {
	case err != nil:
		return "", err
	case ok:
		v = offset
	}
	if _, err := parseZone(v); err != nil {
		return "", err
	}
	return v, nil
}

func (s *Server) resetTimezone(ctx context.Context, ss *session) error {
	rdr, err := ss.conn.Query(ctx, "SET TimeZone = 'UTC'")
	if err != nil {
		return err
	}
	rdr.Release()
	return nil
}

// describeQuery answers DESCRIBE QUERY q with (col_name, data_type, comment)
// without running q: the engine plans it with LIMIT 0. The statement's
// parameters are bound as for execution, so their types shape the result.
func (s *Server) describeQuery(ctx context.Context, ss *session, q string, params []sea.Parameter) (array.RecordReader, error) {
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
		col, err := typemap.FromArrow(f.Type, ss.timezone())
		if err != nil {
			t.Discard()
			return nil, err
		}
		t.Add(f.Name, col.TypeText, nil)
	}
	return t.Reader(), nil
}

// engineRows runs a catalog query and returns its cells as text ("" for NULL).
func (s *Server) engineRows(ctx context.Context, ss *session, q string) ([][]string, error) {
	return rowtable.Rows(ctx, ss.conn, q)
}

// exec runs an engine statement for its effect.
func (s *Server) exec(ctx context.Context, ss *session, q string) error {
	_, err := s.engineRows(ctx, ss, q)
	return err
}

// catalogConn is a session as the catalog sees it.
type catalogConn struct {
	s  *Server
	ss *session
}

// conn presents ss to the catalog.
func (s *Server) conn(ss *session) catalog.Conn { return catalogConn{s, ss} }

func (c catalogConn) Engine() engine.Session { return c.ss.conn }

func (c catalogConn) Namespace() (catalog, schema string) {
	c.ss.mu.Lock()
	defer c.ss.mu.Unlock()
	return c.ss.catalog, c.ss.schema
}

func (c catalogConn) UseNamespace(ctx context.Context, catalog, schema string) error {
	return c.s.useNamespace(ctx, c.ss, catalog, schema)
}

func (c catalogConn) InTransaction() bool { return c.ss.txn != nil && c.ss.txn.open }
