package adbcdriver

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/apache/arrow-adbc/go/adbc"
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/sealane/sealane/kernel"
)

// ingestTarget is where bulk ingest writes (the adbc.ingest.* options).
type ingestTarget struct {
	table, catalog, schema string
	mode                   string // adbc.ingest.mode.*; "" = create
}

// setIngestOption handles one adbc.ingest.* option; ok is false for other keys.
func (s *statement) setIngestOption(key, value string) (ok bool, err error) {
	switch key {
	case adbc.OptionKeyIngestTargetTable:
		s.ingest.table = value
	case adbc.OptionValueIngestTargetCatalog:
		s.ingest.catalog = value
	case adbc.OptionValueIngestTargetDBSchema:
		s.ingest.schema = value
	case adbc.OptionKeyIngestMode:
		switch value {
		case adbc.OptionValueIngestModeCreate, adbc.OptionValueIngestModeAppend,
			adbc.OptionValueIngestModeReplace, adbc.OptionValueIngestModeCreateAppend:
			s.ingest.mode = value
		default:
			return true, errorf(adbc.StatusInvalidArgument, "option %s: unknown mode %q", key, value)
		}
	case adbc.OptionValueIngestTemporary:
		return true, fixedBool(key, value, false, "Databricks SQL has no session-scoped temporary tables")
	default:
		return false, nil
	}
	return true, nil
}

// getIngestOption returns an adbc.ingest.* option; ok is false for other keys.
func (s *statement) getIngestOption(key string) (string, bool) {
	switch key {
	case adbc.OptionKeyIngestTargetTable:
		return s.ingest.table, true
	case adbc.OptionValueIngestTargetCatalog:
		return s.ingest.catalog, true
	case adbc.OptionValueIngestTargetDBSchema:
		return s.ingest.schema, true
	case adbc.OptionKeyIngestMode:
		if s.ingest.mode == "" {
			return adbc.OptionValueIngestModeCreate, true
		}
		return s.ingest.mode, true
	case adbc.OptionValueIngestTemporary:
		return adbc.OptionValueDisabled, true
	}
	return "", false
}

// qualifiedName is the target table as a backticked SQL name.
func (t ingestTarget) qualifiedName() string {
	parts := []string{}
	for _, p := range []string{t.catalog, t.schema, t.table} {
		if p != "" {
			parts = append(parts, "`"+strings.ReplaceAll(p, "`", "``")+"`")
		}
	}
	return strings.Join(parts, ".")
}

// executeIngest writes the bound data into the target table: DDL by mode,
// then multi-row INSERTs whose values are bound parameters (at most
// kernel.MaxParameters per statement). SEA has no bulk-load endpoint, so
// this is the transport there is. It returns the rows inserted.
func (s *statement) executeIngest(ctx context.Context) (int64, error) {
	var src array.RecordReader
	switch {
	case s.stream != nil:
		src, s.stream = s.stream, nil
	case s.bound != nil:
		r, err := array.NewRecordReader(s.bound.Schema(), []arrow.RecordBatch{s.bound})
		if err != nil {
			return -1, toADBC("ingest", err)
		}
		src = r
		s.unbind()
	default:
		return -1, errorf(adbc.StatusInvalidState, "bulk ingest needs data: call Bind or BindStream first")
	}
	defer src.Release()
	sc := src.Schema()
	if sc.NumFields() == 0 {
		return -1, errorf(adbc.StatusInvalidArgument, "bulk ingest: the bound data has no columns")
	}
	if sc.NumFields() > kernel.MaxParameters {
		return -1, errorf(adbc.StatusNotImplemented, "bulk ingest of %d columns: a statement takes at most %d parameters", sc.NumFields(), kernel.MaxParameters)
	}
	name := s.ingest.qualifiedName()
	if s.ingest.mode == adbc.OptionValueIngestModeAppend {
		if err := s.checkTargetExists(ctx); err != nil {
			return -1, err
		}
	}
	if ddl, err := ingestDDL(s.ingest.mode, name, sc); err != nil {
		return -1, err
	} else if ddl != "" {
		if err := s.exec(ctx, ddl, nil); err != nil {
			return -1, err
		}
	}
	b, err := newBinder(markers{positional: sc.NumFields()}, sc)
	if err != nil {
		return -1, err
	}
	perStmt := kernel.MaxParameters / sc.NumFields()
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", sc.NumFields()), ", ") + ")"
	var total int64
	var args []any
	rows := 0
	flush := func() error {
		if rows == 0 {
			return nil
		}
		q := "INSERT INTO " + name + " VALUES " + strings.TrimSuffix(strings.Repeat(row+", ", rows), ", ")
		err := s.exec(ctx, q, args)
		total += int64(rows)
		args, rows = args[:0], 0
		return err
	}
	for src.Next() {
		rec := src.RecordBatch()
		if err := b.check(rec); err != nil {
			return -1, err
		}
		for r := 0; r < int(rec.NumRows()); r++ {
			a, err := b.args(rec, r)
			if err != nil {
				return -1, err
			}
			args = append(args, a...)
			if rows++; rows == perStmt {
				if err := flush(); err != nil {
					return -1, err
				}
			}
		}
	}
	if err := src.Err(); err != nil {
		return -1, toADBC("ingest", err)
	}
	if err := flush(); err != nil {
		return -1, err
	}
	return total, nil
}

// checkTargetExists fails before any INSERT when appending to a table that
// does not exist. The driver itself detects this (through SHOW COLUMNS), so
// it reports the ISO SQLSTATE for "base table not found", 42S02.
func (s *statement) checkTargetExists(ctx context.Context) error {
	_, err := s.cn.kc.TableSchema(ctx, s.ingest.catalog, s.ingest.schema, s.ingest.table)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, kernel.ErrNotFound):
		return adbc.Error{Code: adbc.StatusNotFound, SqlState: [5]byte{'4', '2', 'S', '0', '2'},
			Msg: fmt.Sprintf("[sealane] bulk ingest: cannot append to %s: the table does not exist (use mode create or create_append)", s.ingest.qualifiedName())}
	}
	return toADBC("ingest", err)
}

// exec runs one statement for its effect.
func (s *statement) exec(ctx context.Context, q string, args []any) error {
	rdr, err := s.cn.kc.Query(ctx, q, args...)
	if err != nil {
		return toADBC("ingest", err)
	}
	for rdr.Next() {
	}
	err = rdr.Err()
	rdr.Release()
	if err != nil {
		return toADBC("ingest", err)
	}
	return nil
}

// ingestDDL is the statement that prepares the target for mode.
func ingestDDL(mode, name string, sc *arrow.Schema) (string, error) {
	if mode == adbc.OptionValueIngestModeAppend {
		return "", nil
	}
	cols := make([]string, sc.NumFields())
	for i, f := range sc.Fields() {
		t, err := ddlType(f.Type)
		if err != nil {
			return "", err
		}
		cols[i] = "`" + strings.ReplaceAll(f.Name, "`", "``") + "` " + t
		if !f.Nullable {
			cols[i] += " NOT NULL"
		}
	}
	head := "CREATE TABLE "
	switch mode {
	case adbc.OptionValueIngestModeReplace:
		head = "CREATE OR REPLACE TABLE "
	case adbc.OptionValueIngestModeCreateAppend:
		head = "CREATE TABLE IF NOT EXISTS "
	}
	return head + name + " (" + strings.Join(cols, ", ") + ")", nil
}

// ddlType is the Databricks column type for an Arrow type.
func ddlType(dt arrow.DataType) (string, error) {
	switch t := dt.(type) {
	case *arrow.BooleanType:
		return "BOOLEAN", nil
	case *arrow.Int8Type:
		return "TINYINT", nil
	case *arrow.Int16Type, *arrow.Uint8Type:
		return "SMALLINT", nil
	case *arrow.Int32Type, *arrow.Uint16Type:
		return "INT", nil
	case *arrow.Int64Type, *arrow.Uint32Type:
		return "BIGINT", nil
	case *arrow.Uint64Type:
		return "DECIMAL(20,0)", nil
	case *arrow.Float32Type:
		return "FLOAT", nil
	case *arrow.Float64Type:
		return "DOUBLE", nil
	case *arrow.StringType, *arrow.LargeStringType:
		return "STRING", nil
	case *arrow.BinaryType, *arrow.LargeBinaryType:
		return "BINARY", nil
	case *arrow.Decimal128Type:
		return fmt.Sprintf("DECIMAL(%d,%d)", t.Precision, t.Scale), nil
	case *arrow.Date32Type:
		return "DATE", nil
	case *arrow.TimestampType:
		if t.TimeZone == "" {
			return "TIMESTAMP_NTZ", nil
		}
		return "TIMESTAMP", nil
	}
	return "", errorf(adbc.StatusNotImplemented, "bulk ingest of Arrow type %s is not supported", dt)
}
