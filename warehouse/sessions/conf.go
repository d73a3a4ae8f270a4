package sessions

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/sealane/sealane/warehouse/engine"
	"github.com/sealane/sealane/warehouse/rowtable"
	"github.com/sealane/sealane/warehouse/sqlerr"
	"github.com/sealane/sealane/warehouse/sqlfront"
)

// set answers SET k = v (recorded as a session conf; TIMEZONE also reaches
// the engine), SET k (shows the value), SET (lists confs) and RESET.
func (s *Env) set(ctx context.Context, ss *Session, cmd sqlfront.Command) (array.RecordReader, error) {
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

func (s *Env) resetTimezone(ctx context.Context, ss *Session) error {
	rdr, err := ss.conn.Query(ctx, "SET TimeZone = 'UTC'")
	if err != nil {
		return err
	}
	rdr.Release()
	return nil
}

// useNamespace makes catalog.schema the session's current namespace.
func (s *Env) useNamespace(ctx context.Context, ss *Session, catalog, schema string) error {
	db := s.engineCatalog(catalog)
	rdr, err := ss.conn.Query(ctx, "USE "+sqlfront.QuoteIdent(db)+"."+sqlfront.QuoteIdent(schema))
	if err != nil {
		var ee *engine.Error
		if errors.As(err, &ee) {
			return userErr("SCHEMA_NOT_FOUND", "42704", fmt.Sprintf("The schema `%s`.`%s` cannot be found.", catalog, schema))
		}
		return err
	}
	rdr.Release()
	ss.mu.Lock()
	ss.catalog, ss.schema = strings.ToLower(catalog), schema
	ss.mu.Unlock()
	return nil
}

// applyTimezone sets the engine's time zone from the session's TIMEZONE conf.
func (s *Env) applyTimezone(ctx context.Context, ss *Session) error {
	tz, ok := ss.confs["timezone"]
	if !ok {
		return nil
	}
	z, err := parseZone(tz)
	if err != nil {
		return err
	}
	rdr, err := ss.conn.Query(ctx, "SET TimeZone = "+quoteString(z.Engine))
	if err != nil {
		return err
	}
	rdr.Release()
	return nil
}

// exec runs an engine statement for its effect.
func (s *Env) exec(ctx context.Context, ss *Session, q string) error {
	_, err := s.engineRows(ctx, ss, q)
	return err
}

// engineRows runs a query on the session's connection and returns its
// cells as text ("" for NULL).
func (s *Env) engineRows(ctx context.Context, ss *Session, q string) ([][]string, error) {
	return rowtable.Rows(ctx, ss.conn, q)
}

func userErr(class, sqlState, msg string) error { return sqlerr.New(class, sqlState, msg) }

// quoteString is a SQL string literal.
func quoteString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
