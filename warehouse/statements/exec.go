package statements

import (
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"runtime/debug"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse/results"
	"github.com/sealane/sealane/warehouse/rowtable"
	"github.com/sealane/sealane/warehouse/sessions"
	"github.com/sealane/sealane/warehouse/sqlfront"
	"github.com/sealane/sealane/warehouse/typemap"
)

// run drives one statement from PENDING to a terminal state.
// A statement of a session first waits for its turn (session.enqueue),
// then for a slot, then for a connection (see lease); it is PENDING until it
// has all three.
func (s *Executor) run(ctx context.Context, st *Statement) {
	defer st.cancel()
	defer st.dropRequest()
	ss := st.sess
	if ss != nil {
		ss.Touch()
		defer ss.Touch()
		defer ss.Done()
		defer st.turn.Leave()
		select {
		case <-st.turn.Wait():
		case <-ctx.Done():
			st.finish(nil, ctx.Err(), s.history)
			<-st.turn.Wait() // later statements still wait for the earlier ones
			return
		}
	}
	slots := s.slots
	if sqlfront.IsQuick(st.req.Statement) {
		slots = s.quickSlots // its own lane: never behind long queries
	}
	select {
	case slots <- struct{}{}:
		defer func() { <-slots }()
	case <-ctx.Done():
		st.finish(nil, ctx.Err(), s.history)
		return
	}
	on := ss
	release := func() {}
	if ss != nil {
		var err error
		if on, release, err = s.env.Lease(ctx, ss, st.req.Statement); err != nil {
			st.finish(nil, err, s.history)
			return
		}
		if !st.turn.State() {
			st.turn.Leave() // it has its copy of the session's state
		}
	}
	if !st.setRunning() {
		release()
		st.finish(nil, context.Canceled, s.history)
		return
	}
	s.history.Running(st.id, time.Now())
	res, err := s.executeSafely(ctx, st, on)
	on.NoteFailure(err) // before release: the transaction state is the primary holder's
	release()
	st.finish(res, err, s.history)
}

// executeSafely runs execute and turns a panic into a failed statement, so
// that one bad statement cannot take the warehouse down.
func (s *Executor) executeSafely(ctx context.Context, st *Statement, ss *sessions.Session) (res *results.Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			s.cfg.Logger.Error("statement panicked", "statement_id", st.id, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			res, err = nil, fmt.Errorf("internal error while running the statement: %v", p)
		}
	}()
	return s.execute(ctx, st, ss)
}

// execute runs the statement's SQL on ss — its session, a copy of its
// session's state on another connection (see lease), or nil for a fresh
// connection — and builds its result.
func (s *Executor) execute(ctx context.Context, st *Statement, ss *sessions.Session) (*results.Result, error) {
	if ss == nil {
		var err error
		if ss, err = sessions.Open(ctx, s.eng, ""); err != nil {
			return nil, err
		}
		defer func() { _ = ss.Conn().Close() }()
	}
	if st.req.Catalog != "" || st.req.Schema != "" {
		prevCat, prevSchema := ss.Namespace()
		cat, sch := st.req.Catalog, st.req.Schema
		if cat == "" {
			cat = prevCat
		}
		if sch == "" {
			sch = "default"
		}
		if err := s.env.UseNamespace(ctx, ss, cat, sch); err != nil {
			return nil, err
		}
		defer func() { _ = s.env.UseNamespace(context.WithoutCancel(ctx), ss, prevCat, prevSchema) }()
	}
	ctx, stop := withStatementTimeout(ctx, ss)
	defer stop()
	rdr, err := s.statementReader(ctx, ss, st.req)
	if err != nil {
		return nil, timeoutError(ctx, withSQLSection(err, st.req.Statement))
	}
	defer rdr.Release()
	spec := results.Spec{
		Format: st.req.Format, Disposition: st.req.Disposition, Compression: st.req.ResultCompression,
		RowLimit: st.rowLimit, ByteLimit: st.req.ByteLimit,
		ChunkRows: s.cfg.ChunkRows, ChunkBytes: s.cfg.ChunkBytes, InlineLimit: s.cfg.InlineLimit,
		MultiChunkInline: s.cfg.MultiChunkInline, Timezone: ss.Timezone(),
	}
	res, err := results.Build(ctx, rdr, spec, s.store)
	var big *results.InlineTooLargeError
	if errors.As(err, &big) {
		err = userErr(big.Class(), big.SQLState(), big.Message())
	}
	return res, timeoutError(ctx, err)
}

// statementReader answers the Databricks forms the warehouse handles itself
// and sends everything else, translated, to the engine.
func (s *Executor) statementReader(ctx context.Context, ss *sessions.Session, req sea.ExecuteStatementRequest) (array.RecordReader, error) {
	if err := s.checkComplexity(req.Statement); err != nil {
		return nil, err
	}
	if rdr, handled, err := s.env.TransactionStatement(ctx, ss, req.Statement); handled {
		return rdr, err
	}
	cmd, err := sqlfront.Classify(req.Statement)
	if errors.Is(err, sqlfront.ErrUnsupported) {
		return nil, userErr("UNSUPPORTED_FEATURE", "0A000", err.Error())
	}
	if err != nil {
		return nil, syntaxErr(req.Statement, err)
	}
	switch cmd.Kind {
	case sqlfront.KindShowCatalogs, sqlfront.KindShowSchemas, sqlfront.KindShowTables, sqlfront.KindShowColumns:
		return s.catalog.Show(ctx, s.conn(ss), cmd)
	case sqlfront.KindUseCatalog:
		return rowtable.Empty(), s.env.UseNamespace(ctx, ss, cmd.Catalog, "default")
	case sqlfront.KindUseSchema:
		cat := cmd.Catalog
		if cat == "" {
			cat, _ = ss.Namespace()
		}
		return rowtable.Empty(), s.env.UseNamespace(ctx, ss, cat, cmd.Schema)
	case sqlfront.KindSet, sqlfront.KindReset:
		return s.env.Set(ctx, ss, cmd)
	case sqlfront.KindDescribeQuery:
		return s.describeQuery(ctx, ss, cmd.Query, req.Parameters)
	case sqlfront.KindCreateCatalog:
		return s.catalog.CreateCatalog(ctx, s.conn(ss), cmd)
	case sqlfront.KindDropCatalog:
		return s.catalog.DropCatalog(ctx, s.conn(ss), cmd)
	default:
		if rdr, ok, err := s.catalog.Statement(ctx, s.conn(ss), cmd); ok {
			return rdr, err
		}
	}
	return s.query(ctx, ss, req.Statement, req.Parameters)
}

// checkComplexity refuses a statement with more significant tokens than
// Config.MaxStatementTokens: its parse would cost the engine about 1 KB a
// token. Counting allocates nothing.
func (s *Executor) checkComplexity(text string) error {
	n, err := sqlfront.CountTokens(text)
	if err != nil {
		return syntaxErr(text, err)
	}
	if limit := s.cfg.MaxStatementTokens; n > limit {
		return userErr("STATEMENT_TOO_COMPLEX", "54001", fmt.Sprintf(
			"The statement has %d tokens; this warehouse accepts at most %d per statement. "+
				"Split it, or pass long lists as a table or parameters.", n, limit))
	}
	return nil
}

// query translates and runs a statement with its parameters bound through
// the engine's prepared statements; values never enter the SQL text.
func (s *Executor) query(ctx context.Context, ss *sessions.Session, text string, params []sea.Parameter) (array.RecordReader, error) {
	casts := map[string]string{}
	for _, p := range params {
		c, _ := typemap.ParameterCast(p.Type) // validated on submit
		casts[paramKey(p)] = c
	}
	cat, sch := ss.Namespace()
	catalog, schema := quoteString(cat), quoteString(sch)
	tr, err := sqlfront.Translate(text, sqlfront.Options{
		CatalogMap: s.eng.CatalogMap(),
		Functions: map[string]string{"current_catalog": catalog,
			// current_database() is current_schema() (Databricks SQL reference).
			"current_database": schema,
			// DuckDB spells these without parentheses; current_timestamp
			// is TIMESTAMPTZ there, Databricks' TIMESTAMP.
			"current_timestamp": "current_timestamp", "current_date": "current_date",
			"current_timezone": quoteString(ss.TimezoneName()),
			// Spark's ids increase but are not consecutive; row numbers are both.
			"monotonically_increasing_id": "(row_number() OVER () - 1)"},
		Cast: func(ordinal int, name string) string {
			return casts[markerKey(ordinal, name)]
		},
		SparkNames:     true,
		ANSIOff:        strings.EqualFold(ss.Conf("ansi_mode"), "false"),
		Columns:        s.columnsHook(ctx, ss),
		VariantColumns: s.variantHook(ctx, ss),
	})
	if err != nil {
		if errors.Is(err, sqlfront.ErrMixedParameters) || errors.Is(err, sqlfront.ErrTooManyParameters) {
			return nil, userErr("INVALID_PARAMETER_MARKER", "42K0E", err.Error())
		}
		if errors.Is(err, sqlfront.ErrWrongNumArgs) {
			return nil, userErr("WRONG_NUM_ARGS", "42605", err.Error())
		}
		if se := (*sqlfront.SparkError)(nil); errors.As(err, &se) {
			// userErr prints the class itself: the message is the rest.
			return nil, userErr(se.Class, se.SQLState, fmt.Sprintf("%s (offset %d)", se.Msg, se.Pos))
		}
		return nil, syntaxErr(text, err)
	}
	args, err := bindArgs(tr, params)
	if err != nil {
		return nil, err
	}
	if err := sessions.EnsureMacros(ctx, ss.Conn(), tr.SQL); err != nil {
		return nil, err
	}
	text = bigintSums(ctx, ss, tr, args)
	if err := sessions.EnsureMacros(ctx, ss.Conn(), text); err != nil {
		return nil, err
	}
	// The statement's result streams when the engine can: the store fills
	// while it runs (buildResult), and a result larger than memory spills
	// instead of being held whole by the engine. Nothing else runs on the
	// connection until the reader is released (execute's defers), so the
	// Databricks DDL forms that need more statements (ddl.go) do not stream.
	rdr, err := s.catalog.RunTranslated(ctx, s.conn(ss), tr, text, args)
	s.variants.ddlDone(tr.Verb)
	if err != nil {
		return nil, err
	}
	if len(tr.Void) > 0 {
		rdr = withVoidColumns(rdr, tr.Void)
	}
	if len(tr.Variant) > 0 {
		rdr = withVariantColumns(rdr, tr.Variant)
	}
	if len(tr.YearMonth) > 0 {
		rdr = withYearMonthColumns(rdr, tr.YearMonth)
	}
	return shapeCommandResult(tr.Verb, rdr)
}

func paramKey(p sea.Parameter) string { return markerKey(p.Ordinal, p.Name) }

func markerKey(ordinal int, name string) string {
	if name != "" {
		return ":" + name
	}
	return fmt.Sprintf("?%d", ordinal)
}

// bindArgs matches request parameters to the statement's markers. Every
// marker needs a value; unused named parameters are allowed (as on the
// service), extra positional ones are not.
// spacedOffset matches a timestamp text ending in a numeric UTC offset,
// with or without a space before it and a colon in it: the `+0000` form
// Python's strftime("%z") gives (`2023-09-06 03:14:27.000843 +0000`).
var spacedOffset = regexp.MustCompile(`^(.*\d)\s*([+-])(\d{2}):?(\d{2})$`)

// timestampParam writes a TIMESTAMP parameter's offset as the engine
// reads it (+00:00): Databricks accepts `+0000` and ` +00:00` after the
// time, and the engine would take what follows a space for a zone name.
// Date-only values and named zones are left as they are.
func timestampParam(v string) string {
	v = strings.TrimSpace(v)
	if m := spacedOffset.FindStringSubmatch(v); m != nil && strings.ContainsRune(m[1], ':') {
		return m[1] + m[2] + m[3] + ":" + m[4]
	}
	return v
}

func bindArgs(tr sqlfront.Translation, params []sea.Parameter) ([]any, error) {
	byKey := map[string]sea.Parameter{}
	for _, p := range params {
		byKey[paramKey(p)] = p
	}
	value := func(p sea.Parameter) (any, error) {
		if p.Value == nil {
			return nil, nil
		}
		switch c, _ := typemap.ParameterCast(p.Type); c {
		case "BLOB":
			b, err := hex.DecodeString(*p.Value)
			if err != nil {
				return []byte(*p.Value), nil
			}
			return b, nil
		case "TIMESTAMPTZ", "TIMESTAMP":
			return timestampParam(*p.Value), nil
		}
		return *p.Value, nil
	}
	var args []any
	if tr.Positional > 0 {
		for i := 1; i <= tr.Positional; i++ {
			p, ok := byKey[markerKey(i, "")]
			if !ok {
				return nil, userErr("UNBOUND_SQL_PARAMETER", "42P02", fmt.Sprintf("Found the unbound parameter: positional parameter %d. Please supply a value for it.", i))
			}
			v, err := value(p)
			if err != nil {
				return nil, err
			}
			args = append(args, v)
		}
	}
	positional := 0
	for _, p := range params {
		if p.Name == "" {
			positional++
		}
	}
	if positional > tr.Positional {
		return nil, userErr("UNBOUND_SQL_PARAMETER", "42P02", fmt.Sprintf("%d positional parameters were given but the statement has %d parameter markers.", positional, tr.Positional))
	}
	for _, name := range tr.Named {
		p, ok := byKey[markerKey(0, name)]
		if !ok {
			return nil, userErr("UNBOUND_SQL_PARAMETER", "42P02", fmt.Sprintf("Found the unbound parameter: %s. Please supply a value for it.", name))
		}
		v, err := value(p)
		if err != nil {
			return nil, err
		}
		args = append(args, sql.Named(name, v))
	}
	return args, nil
}

func quoteString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
