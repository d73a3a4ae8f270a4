package sqlgen

import (
	"strings"

	"github.com/sealane/sealane/frames/engine"
	"github.com/sealane/sealane/frames/plan"
)

// fileScan is the table expression reading a file source.
func (c *compiler) fileScan(s *plan.Source) (string, error) {
	if len(s.Paths) == 0 {
		return "", engine.Unsupported(c.d.name, "op "+string(s.Op()), "a file source needs at least one path")
	}
	if s.Format == plan.FormatIPC {
		return "", engine.Unsupported(c.d.name, "op scan_ipc", "Arrow IPC files have no SQL table function; the engine must read them itself")
	}
	if c.d.kind == kindPostgres || c.d.kind == kindSQLite {
		return "", engine.Unsupported(c.d.name, "op "+string(s.Op()), "the database reads no files; load them into a table")
	}
	if c.d.natural {
		return c.duckScan(s)
	}
	return c.databricksScan(s)
}

func (c *compiler) pathList(paths []string) string {
	lits := make([]string, len(paths))
	for i, p := range paths {
		lits[i] = c.d.StringLit(p)
	}
	return "[" + strings.Join(lits, ", ") + "]"
}

// columnsStruct is DuckDB's columns = {'name': 'TYPE', …} argument.
func (c *compiler) columnsStruct(s *plan.Source) (string, error) {
	parts := make([]string, s.Out.NumFields())
	for i, f := range s.Out.Fields() {
		typ, err := c.d.TypeName(f.Type)
		if err != nil {
			return "", err
		}
		parts[i] = c.d.StringLit(f.Name) + ": " + c.d.StringLit(typ)
	}
	return "{" + strings.Join(parts, ", ") + "}", nil
}

func (c *compiler) duckScan(s *plan.Source) (string, error) {
	paths := c.pathList(s.Paths)
	switch s.Format {
	case plan.FormatParquet:
		return "read_parquet(" + paths + ")", nil
	case plan.FormatCSV:
		cols, err := c.columnsStruct(s)
		if err != nil {
			return "", err
		}
		delim := s.CSVDelimiter
		if delim == 0 {
			delim = ','
		}
		header := "false"
		if s.CSVHeader {
			header = "true"
		}
		return "read_csv(" + paths + ", header = " + header + ", delim = " + c.d.StringLit(string(delim)) +
			", columns = " + cols + ", auto_detect = false)", nil
	case plan.FormatNDJSON:
		cols, err := c.columnsStruct(s)
		if err != nil {
			return "", err
		}
		return "read_json(" + paths + ", format = 'newline_delimited', columns = " + cols + ")", nil
	}
	return "", engine.Unsupported(c.d.name, "file format "+string(s.Format), "")
}

func (c *compiler) databricksScan(s *plan.Source) (string, error) {
	scans := make([]string, len(s.Paths))
	for i, p := range s.Paths {
		scan, err := c.databricksScanOne(s, p)
		if err != nil {
			return "", err
		}
		scans[i] = scan
	}
	if len(scans) == 1 {
		return scans[0], nil
	}
	return "(SELECT * FROM " + strings.Join(scans, " UNION ALL SELECT * FROM ") + ")", nil
}

func (c *compiler) databricksScanOne(s *plan.Source, path string) (string, error) {
	switch s.Format {
	case plan.FormatParquet:
		return "parquet." + c.q(path), nil
	case plan.FormatCSV:
		delim := s.CSVDelimiter
		if delim == 0 {
			delim = ','
		}
		schema, err := c.ddlSchema(s)
		if err != nil {
			return "", err
		}
		header := "false"
		if s.CSVHeader {
			header = "true"
		}
		return "read_files(" + c.d.StringLit(path) + ", format => 'csv', header => " + header +
			", sep => " + c.d.StringLit(string(delim)) + ", schema => " + c.d.StringLit(schema) + ")", nil
	case plan.FormatNDJSON:
		schema, err := c.ddlSchema(s)
		if err != nil {
			return "", err
		}
		return "read_files(" + c.d.StringLit(path) + ", format => 'json', schema => " + c.d.StringLit(schema) + ")", nil
	}
	return "", engine.Unsupported(c.d.name, "file format "+string(s.Format), "")
}

// ddlSchema is a Spark DDL schema string: `a` BIGINT, `b` STRING.
func (c *compiler) ddlSchema(s *plan.Source) (string, error) {
	parts := make([]string, s.Out.NumFields())
	for i, f := range s.Out.Fields() {
		typ, err := c.d.TypeName(f.Type)
		if err != nil {
			return "", err
		}
		parts[i] = c.q(f.Name) + " " + typ
	}
	return strings.Join(parts, ", "), nil
}
