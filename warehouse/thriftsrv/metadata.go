package thriftsrv

import (
	"net/http"
	"regexp"
	"strings"

	"github.com/sealane/sealane/warehouse"
	"github.com/sealane/sealane/warehouse/thriftsrv/tcli"
)

// Metadata calls run the warehouse's own SHOW commands in the session (so
// they see its catalogs, temporary views and namespace) and reshape the
// answer into the JDBC DatabaseMetaData columns the HiveServer2 protocol
// uses, filtering by the call's JDBC patterns (% and _, \ escapes). Calls
// with a fixed answer (table types, type info) or none sealane can give
// (functions, keys) run a trivial carrier statement so that they are
// operations like any other.

// metadataCalls maps the metadata methods to their operation types.
var metadataCalls = map[string]tcli.OperationType{
	"GetTypeInfo": tcli.OpGetTypeInfo, "GetCatalogs": tcli.OpGetCatalogs, "GetSchemas": tcli.OpGetSchemas,
	"GetTables": tcli.OpGetTables, "GetTableTypes": tcli.OpGetTableTypes, "GetColumns": tcli.OpGetColumns,
	"GetFunctions": tcli.OpGetFunctions, "GetPrimaryKeys": tcli.OpUnknown, "GetCrossReference": tcli.OpUnknown,
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func (s *Server) metadata(r *http.Request, method string, req *tcli.MetadataReq) tcli.OperationResp {
	sessionID := idOf(req.SessionHandle.SessionID.GUID)
	if _, _, err := s.wh.SessionNamespace(sessionID); err != nil {
		return tcli.OperationResp{Status: invalidSession()}
	}
	stmt, reshape := metadataQuery(method, req)
	op := &operation{sessionID: sessionID, kind: metadataCalls[method], reshape: reshape}
	sub := warehouse.Submission{SessionID: sessionID, Statement: stmt, RowLimit: -1}
	return s.start(r, op, sub, !isTrue(req.RunAsync), req.GetDirectResults)
}

// carrier is the statement behind calls whose answer does not come from SQL.
const carrier = "SELECT 1"

func metadataQuery(method string, req *tcli.MetadataReq) (string, func(*table) *table) {
	switch method {
	case "GetCatalogs":
		return "SHOW CATALOGS", func(in *table) *table {
			out := newTable("TABLE_CAT")
			for _, row := range in.rowsOf("catalog") {
				out.add(row[0])
			}
			return out
		}
	case "GetSchemas":
		cat, sch := likeRegexp(req.Field2, true), likeRegexp(req.Field3, false)
		return "SHOW SCHEMAS IN ALL CATALOGS", func(in *table) *table {
			out := newTable("TABLE_SCHEM", "TABLE_CATALOG")
			for _, row := range in.rowsOf("databaseName", "catalog") {
				if matches(cat, row[1]) && matches(sch, row[0]) {
					out.add(row[0], row[1])
				}
			}
			return out
		}
	case "GetTables":
		cat, sch, tbl := likeRegexp(req.Field2, false), likeRegexp(req.Field3, false), likeRegexp(req.Field4, false)
		types := map[string]bool{}
		for _, t := range req.TableTypes {
			types[strings.ToUpper(t)] = true
		}
		return "SHOW TABLES IN ALL CATALOGS", func(in *table) *table {
			out := newTable("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE", "REMARKS", "TYPE_CAT", "TYPE_SCHEM",
				"TYPE_NAME", "SELF_REFERENCING_COL_NAME", "REF_GENERATION")
			for _, row := range in.rowsOf("catalogName", "namespace", "tableName", "tableType", "remarks") {
				typ := strings.ToUpper(str(asString(row[3])))
				if typ == "" || typ == "MANAGED" || typ == "EXTERNAL" {
					typ = "TABLE"
				}
				if !matches(cat, row[0]) || !matches(sch, row[1]) || !matches(tbl, row[2]) || len(types) > 0 && !types[typ] {
					continue
				}
				out.add(row[0], row[1], row[2], typ, orString(row[4]), nil, nil, nil, nil, nil)
			}
			return out
		}
	case "GetColumns":
		cat, sch, tbl, col := likeRegexp(req.Field2, true), likeRegexp(req.Field3, false), likeRegexp(req.Field4, false), likeRegexp(req.Field5, false)
		return "SHOW COLUMNS IN ALL CATALOGS", func(in *table) *table {
			// The real service's 23 columns (BUFFER_LENGTH is TINYINT, no
			// IS_GENERATEDCOLUMN), as the official connector's e2e suite
			// asserts.
			out := newTable("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "DATA_TYPE:INT", "TYPE_NAME",
				"COLUMN_SIZE:INT", "BUFFER_LENGTH:TINYINT", "DECIMAL_DIGITS:INT", "NUM_PREC_RADIX:INT", "NULLABLE:INT", "REMARKS",
				"COLUMN_DEF", "SQL_DATA_TYPE:INT", "SQL_DATETIME_SUB:INT", "CHAR_OCTET_LENGTH:INT", "ORDINAL_POSITION:INT",
				"IS_NULLABLE", "SCOPE_CATALOG", "SCOPE_SCHEMA", "SCOPE_TABLE", "SOURCE_DATA_TYPE:SMALLINT",
				"IS_AUTO_INCREMENT")
			for _, row := range in.rowsOf("catalogName", "namespace", "tableName", "col_name", "columnType", "columnSize",
				"decimalDigits", "radix", "isNullable", "remarks", "ordinalPosition", "isAutoIncrement") {
				if !matches(cat, row[0]) || !matches(sch, row[1]) || !matches(tbl, row[2]) || !matches(col, row[3]) {
					continue
				}
				typeText := str(asString(row[4]))
				nullable := int32(1)
				if strings.EqualFold(str(asString(row[8])), "false") || strings.EqualFold(str(asString(row[8])), "NO") {
					nullable = 0
				}
				isNullable := "YES"
				if nullable == 0 {
					isNullable = "NO"
				}
				out.add(row[0], row[1], row[2], row[3], jdbcType(typeText), typeText, row[5], nil, row[6], row[7], nullable,
					orString(row[9]), nil, nil, nil, nil, row[10], isNullable, nil, nil, nil, nil, yesNo(row[11]))
			}
			return out
		}
	case "GetTableTypes":
		return carrier, func(*table) *table {
			out := newTable("TABLE_TYPE")
			for _, t := range []string{"TABLE", "VIEW"} {
				out.add(t)
			}
			return out
		}
	case "GetTypeInfo":
		return carrier, func(*table) *table { return typeInfo() }
	case "GetFunctions":
		return carrier, func(*table) *table {
			return newTable("FUNCTION_CAT", "FUNCTION_SCHEM", "FUNCTION_NAME", "REMARKS", "FUNCTION_TYPE:INT", "SPECIFIC_NAME")
		}
	case "GetPrimaryKeys":
		// Local tables have no declared keys.
		return carrier, func(*table) *table {
			return newTable("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "KEY_SEQ:INT", "PK_NAME")
		}
	default: // GetCrossReference
		return carrier, func(*table) *table {
			return newTable("PKTABLE_CAT", "PKTABLE_SCHEM", "PKTABLE_NAME", "PKCOLUMN_NAME", "FKTABLE_CAT", "FKTABLE_SCHEM",
				"FKTABLE_NAME", "FKCOLUMN_NAME", "KEY_SEQ:SMALLINT", "UPDATE_RULE:SMALLINT", "DELETE_RULE:SMALLINT", "FK_NAME",
				"PK_NAME", "DEFERRABILITY:SMALLINT")
		}
	}
}

// rowsOf returns the named columns of every row (nil for a column the
// table lacks).
func (t *table) rowsOf(names ...string) [][]any {
	idx := make([]int, len(names))
	for i, n := range names {
		idx[i] = t.index(n)
	}
	out := make([][]any, t.rows)
	for r := range out {
		row := make([]any, len(names))
		for i, k := range idx {
			if k >= 0 {
				row[i] = t.cols[k].vals[r]
			}
		}
		out[r] = row
	}
	return out
}

func asString(v any) *string {
	if s, ok := v.(string); ok {
		return &s
	}
	return nil
}

func orString(v any) any {
	if s, ok := v.(string); ok {
		return s
	}
	return ""
}

func yesNo(v any) any {
	switch s := v.(type) {
	case string:
		if strings.EqualFold(s, "YES") || strings.EqualFold(s, "true") {
			return "YES"
		}
		return "NO"
	case bool:
		if s {
			return "YES"
		}
	}
	return "NO"
}

// likeRegexp compiles a JDBC pattern (% any run, _ one character, \
// escapes); nil, empty and "%" match everything. exact treats the value as
// an identifier (catalog names are not patterns in GetSchemas/GetColumns).
func likeRegexp(p *string, exact bool) *regexp.Regexp {
	if p == nil || *p == "" || *p == "%" || *p == "*" {
		return nil
	}
	if exact {
		return regexp.MustCompile("(?is)^" + regexp.QuoteMeta(*p) + "$")
	}
	var b strings.Builder
	b.WriteString("(?is)^")
	for i := 0; i < len(*p); i++ {
		switch c := (*p)[i]; {
		case c == '\\' && i+1 < len(*p):
			i++
			b.WriteString(regexp.QuoteMeta(string((*p)[i])))
		case c == '%':
			b.WriteString(".*")
		case c == '_':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}

func matches(re *regexp.Regexp, v any) bool {
	if re == nil {
		return true
	}
	s, ok := v.(string)
	return ok && re.MatchString(s)
}

// jdbcTypes are java.sql.Types codes by Databricks type name.
var jdbcTypes = map[string]int32{
	"BOOLEAN": 16, "TINYINT": -6, "BYTE": -6, "SMALLINT": 5, "SHORT": 5, "INT": 4, "INTEGER": 4, "BIGINT": -5, "LONG": -5,
	"FLOAT": 6, "REAL": 6, "DOUBLE": 8, "DECIMAL": 3, "STRING": 12, "VARCHAR": 12, "CHAR": 1, "BINARY": -2,
	"DATE": 91, "TIMESTAMP": 93, "TIMESTAMP_NTZ": 93, "ARRAY": 2003, "MAP": 2000, "STRUCT": 2002, "VOID": 0, "NULL": 0,
	"INTERVAL": 12, "VARIANT": 1111,
}

func jdbcType(typeText string) any {
	base := strings.ToUpper(typeText)
	if i := strings.IndexAny(base, "(< "); i >= 0 {
		base = base[:i]
	}
	if code, ok := jdbcTypes[base]; ok {
		return code
	}
	return int32(1111) // OTHER
}

// typeInfo is the GetTypeInfo answer: one row per Databricks type.
func typeInfo() *table {
	out := newTable("TYPE_NAME", "DATA_TYPE:INT", "PRECISION:INT", "LITERAL_PREFIX", "LITERAL_SUFFIX", "CREATE_PARAMS",
		"NULLABLE:SMALLINT", "CASE_SENSITIVE:BOOLEAN", "SEARCHABLE:SMALLINT", "UNSIGNED_ATTRIBUTE:BOOLEAN",
		"FIXED_PREC_SCALE:BOOLEAN", "AUTO_INCREMENT:BOOLEAN", "LOCAL_TYPE_NAME", "MINIMUM_SCALE:SMALLINT",
		"MAXIMUM_SCALE:SMALLINT", "SQL_DATA_TYPE:INT", "SQL_DATETIME_SUB:INT", "NUM_PREC_RADIX:INT")
	for _, t := range []struct {
		name      string
		precision any
		prefix    any
		params    any
		radix     any
	}{
		{"BOOLEAN", nil, nil, nil, nil}, {"TINYINT", int32(3), nil, nil, int32(10)}, {"SMALLINT", int32(5), nil, nil, int32(10)},
		{"INT", int32(10), nil, nil, int32(10)}, {"BIGINT", int32(19), nil, nil, int32(10)}, {"FLOAT", int32(7), nil, nil, int32(10)},
		{"DOUBLE", int32(15), nil, nil, int32(10)}, {"DECIMAL", int32(38), nil, "PRECISION,SCALE", int32(10)},
		{"STRING", nil, "'", nil, nil}, {"BINARY", nil, "X'", nil, nil}, {"DATE", nil, "DATE'", nil, nil},
		{"TIMESTAMP", nil, "TIMESTAMP'", nil, nil}, {"TIMESTAMP_NTZ", nil, "TIMESTAMP_NTZ'", nil, nil},
		{"ARRAY", nil, nil, nil, nil}, {"MAP", nil, nil, nil, nil}, {"STRUCT", nil, nil, nil, nil}, {"INTERVAL", nil, nil, nil, nil},
	} {
		code := jdbcType(t.name)
		var suffix any
		if t.prefix != nil {
			suffix = "'"
		}
		out.add(t.name, code, t.precision, t.prefix, suffix, t.params, int16(1), t.name == "STRING", int16(3), false,
			false, false, t.name, int16(0), int16(0), code, nil, t.radix)
	}
	return out
}
