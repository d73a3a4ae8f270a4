package sqlfront

import (
	"fmt"
	"strings"
)

// Kind is the kind of a statement as far as the server is concerned.
type Kind int

// The statement kinds. KindQuery goes to DuckDB (after Translate); the server
// answers the others itself.
const (
	// KindQuery is any statement the server does not answer itself.
	KindQuery Kind = iota
	// KindShowCatalogs is SHOW CATALOGS [[LIKE] 'p'].
	KindShowCatalogs
	// KindShowSchemas is SHOW {SCHEMAS|DATABASES|NAMESPACES}
	// [{IN|FROM} {ALL CATALOGS | [CATALOG] c}] [[LIKE] 'p'].
	KindShowSchemas
	// KindShowTables is SHOW TABLES [{IN|FROM} {ALL CATALOGS | CATALOG c | c.s | s}]
	// [SCHEMA LIKE 'p'] [[LIKE] 'p'].
	KindShowTables
	// KindShowColumns is SHOW COLUMNS IN {CATALOG c | ALL CATALOGS}
	// [SCHEMA LIKE 'p'] [TABLE LIKE 'p'] [[LIKE] 'p'], or Spark's
	// SHOW COLUMNS {IN|FROM} [[c.]s.]t [{IN|FROM} [c.]s].
	KindShowColumns
	// KindUseCatalog is USE CATALOG c (or its alias SET CATALOG c).
	KindUseCatalog
	// KindUseSchema is USE [{SCHEMA|DATABASE|NAMESPACE}] [c.]s.
	KindUseSchema
	// KindSet is SET, SET k, SET k = v or SET TIME ZONE ....
	KindSet
	// KindReset is RESET [k].
	KindReset
	// KindDescribeQuery is DESCRIBE [QUERY] <query>.
	KindDescribeQuery
	// KindCreateCatalog is CREATE CATALOG [IF NOT EXISTS] c [COMMENT 's']
	// (IfExists is set by IF NOT EXISTS, Value holds the comment).
	KindCreateCatalog
	// KindDropCatalog is DROP CATALOG [IF EXISTS] c [RESTRICT | CASCADE].
	KindDropCatalog
	// KindDescribeTable is DESCRIBE [TABLE] [EXTENDED|FORMATTED] [[c.]s.]t
	// [col] (Value holds the column).
	KindDescribeTable
	// KindDescribeSchema is DESCRIBE {SCHEMA|DATABASE} [EXTENDED] [c.]s.
	KindDescribeSchema
	// KindDescribeCatalog is DESCRIBE CATALOG [EXTENDED] c.
	KindDescribeCatalog
	// KindShowTblProperties is SHOW TBLPROPERTIES t [('key')] (Value holds
	// the key).
	KindShowTblProperties
	// KindShowCreateTable is SHOW CREATE TABLE t [AS SERDE].
	KindShowCreateTable
	// KindShowViews is SHOW VIEWS [{IN|FROM} [c.]s] [[LIKE] 'p'].
	KindShowViews
	// KindShowFunctions is SHOW [USER|SYSTEM|ALL] FUNCTIONS
	// [{IN|FROM} [c.]s] [[LIKE] 'p' | name].
	KindShowFunctions
	// KindAlterTableProperties is ALTER {TABLE|VIEW} t SET TBLPROPERTIES
	// (…) or UNSET TBLPROPERTIES [IF EXISTS] (…) (Unset says which).
	KindAlterTableProperties
	// KindShowKeys is the drivers' SHOW KEYS IN CATALOG c IN SCHEMA s IN
	// TABLE t (or {IN|FROM} [TABLE] [[c.]s.]t): the table's primary key.
	KindShowKeys
	// KindShowForeignKeys is SHOW FOREIGN KEYS in the forms of KindShowKeys.
	KindShowForeignKeys
	// KindShowCatalogFunctions is the drivers' SHOW FUNCTIONS IN CATALOG c
	// [SCHEMA LIKE 'p'] [[LIKE] 'p'].
	KindShowCatalogFunctions
)

var kindNames = [...]string{
	KindQuery:         "Query",
	KindShowCatalogs:  "ShowCatalogs",
	KindShowSchemas:   "ShowSchemas",
	KindShowTables:    "ShowTables",
	KindShowColumns:   "ShowColumns",
	KindUseCatalog:    "UseCatalog",
	KindUseSchema:     "UseSchema",
	KindSet:           "Set",
	KindReset:         "Reset",
	KindDescribeQuery: "DescribeQuery",
	KindCreateCatalog: "CreateCatalog",
	KindDropCatalog:   "DropCatalog",

	KindDescribeTable:        "DescribeTable",
	KindDescribeSchema:       "DescribeSchema",
	KindDescribeCatalog:      "DescribeCatalog",
	KindShowTblProperties:    "ShowTblProperties",
	KindShowCreateTable:      "ShowCreateTable",
	KindShowViews:            "ShowViews",
	KindShowFunctions:        "ShowFunctions",
	KindAlterTableProperties: "AlterTableProperties",
	KindShowKeys:             "ShowKeys",
	KindShowForeignKeys:      "ShowForeignKeys",
	KindShowCatalogFunctions: "ShowCatalogFunctions",
}

// String returns the name of the kind without its Kind prefix, e.g. "ShowTables".
func (k Kind) String() string {
	if k >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Command is a classified statement. Names are unquoted (quotes removed,
// doubled quote characters undoubled) but keep their case; patterns are the decoded string literals, to be
// compiled with PatternRegexp.
type Command struct {
	// Kind says which statement this is; the other fields are set as the
	// kind requires.
	Kind Kind
	// AllCatalogs is set by IN ALL CATALOGS.
	AllCatalogs bool
	// Catalog is the catalog named by IN/FROM [CATALOG] c or by c in c.s, or
	// by USE CATALOG c; "" when absent.
	Catalog string
	// Schema is the schema named by IN s, USE [SCHEMA] s or s in c.s; "" when absent.
	Schema string
	// Table is the table of Spark's SHOW COLUMNS IN t.
	Table string
	// SchemaPattern is the pattern of SCHEMA LIKE 'p'; "" when absent.
	SchemaPattern string
	// TablePattern is the pattern of TABLE LIKE 'p' (SHOW COLUMNS); "" when absent.
	TablePattern string
	// ColumnPattern is the trailing [LIKE] 'p' of SHOW COLUMNS; "" when absent.
	ColumnPattern string
	// Pattern is the trailing [LIKE] 'p' of SHOW CATALOGS/SCHEMAS/TABLES; "" when absent.
	Pattern string
	// Key is the key of SET/RESET ("" for a bare SET or RESET, "timezone"
	// for SET TIME ZONE).
	Key string
	// Value is the value of SET k = v: the text after '=', unquoted if it
	// is a single string literal or quoted identifier.
	Value string
	// HasValue reports whether SET had a value (SET k = v rather than SET k).
	HasValue bool
	// Query is the query of DESCRIBE QUERY, as written.
	Query string
	// IfExists is set by IF EXISTS (DROP) and IF NOT EXISTS (CREATE).
	IfExists bool
	// Cascade is set by DROP ... CASCADE.
	Cascade bool
	// Extended is set by DESCRIBE … EXTENDED (or FORMATTED).
	Extended bool
	// Properties are the pairs of SET TBLPROPERTIES, or the keys (with
	// empty values) of UNSET TBLPROPERTIES.
	Properties [][2]string
	// Unset is set by UNSET TBLPROPERTIES.
	Unset bool
}

// Classify recognises the statements the server answers itself and returns
// their arguments; for any other statement it returns Kind KindQuery.
// Keywords are case-insensitive, names may be bare, backticked or
// double-quoted, comments are ignored and a trailing ';' is allowed.
//
// It returns an error wrapping ErrSyntax for a recognised statement that is
// malformed (SHOW TABLES IN with no name, SET a b, ...) and for text that
// cannot be tokenized at all.
func Classify(sql string) (Command, error) {
	toks, err := tokenize(sql)
	if err != nil {
		return Command{Kind: KindQuery}, err
	}
	p := newParser(sql, toks)
	if err := p.checkStatements(); err != nil {
		return Command{Kind: KindQuery}, err
	}
	switch {
	case p.accept("SHOW"):
		return p.show()
	case p.accept("USE"):
		return p.use()
	case p.accept("SET"):
		return p.set()
	case p.accept("RESET"):
		return p.reset()
	case p.acceptAny("DESCRIBE", "DESC"):
		return p.describe()
	case p.accept("CREATE", "CATALOG"):
		return p.createCatalog()
	case p.accept("DROP", "CATALOG"):
		return p.dropCatalog()
	case p.keywordsAt(0, "ALTER", "TABLE"), p.keywordsAt(0, "ALTER", "VIEW"):
		return p.alterTableProperties()
	}
	return Command{Kind: KindQuery}, nil
}

// engineOnly are the statements that DuckDB has and Databricks SQL has not,
// keyed by their first keyword. Each reaches past a session (host files,
// extensions, attached databases, instance-wide settings), so none may
// reach the engine. A second keyword, when given, must follow the first.
var engineOnly = []struct{ first, second string }{
	{"PRAGMA", ""}, {"INSTALL", ""}, {"LOAD", ""}, {"ATTACH", ""}, {"DETACH", ""},
	{"EXPORT", ""}, {"IMPORT", ""}, {"COPY", ""}, {"CALL", ""}, {"CHECKPOINT", ""},
	{"FORCE", ""}, {"UPDATE", "EXTENSIONS"},
}

// checkStatements refuses text that holds more than one statement (each
// request runs one, and a second one would escape the checks made on the
// first) and the engine-only statements, also behind EXPLAIN or DESCRIBE,
// as Databricks' parser does: a syntax error at their first keyword.
func (p *parser) checkStatements() error {
	for i := range p.toks {
		if p.tok(i).isPunct(';') && i+1 < len(p.toks) {
			p.pos = i + 1
			return p.errorf("more than one statement (a request runs one)")
		}
	}
	defer func() { p.pos = 0 }()
	p.skipWhile("EXPLAIN", "ANALYZE", "EXTENDED", "CODEGEN", "COST", "FORMATTED", "DESCRIBE", "DESC", "QUERY")
	for _, e := range engineOnly {
		if !p.keywordsAt(0, e.first) || e.second != "" && !p.keywordsAt(1, e.second) {
			continue
		}
		if e.first == "COPY" && p.keywordsAt(1, "INTO") {
			return fmt.Errorf("%w: COPY INTO is not supported by the local warehouse", ErrUnsupported)
		}
		return p.errorf("%s is a DuckDB statement, not Databricks SQL", strings.ToUpper(p.at(0).text))
	}
	return nil
}

// use parses what follows USE.
func (p *parser) use() (Command, error) {
	if p.keywordsAt(0, "CATALOG") && !p.at(1).isPunct('.') && p.pos+1 < len(p.toks) {
		p.pos++
		return p.useCatalog()
	}
	if (p.keywordsAt(0, "SCHEMA") || p.keywordsAt(0, "DATABASE") || p.keywordsAt(0, "NAMESPACE")) &&
		!p.at(1).isPunct('.') && p.pos+1 < len(p.toks) {
		p.pos++
	}
	cmd := Command{Kind: KindUseSchema}
	if s, ok := p.stringLit(); ok {
		cmd.Schema = s
		return cmd, p.expectEnd("USE SCHEMA")
	}
	parts, err := p.qualifiedName("schema name", 2)
	if err != nil {
		return Command{}, err
	}
	if len(parts) == 2 {
		cmd.Catalog = parts[0]
	}
	cmd.Schema = parts[len(parts)-1]
	return cmd, p.expectEnd("USE SCHEMA")
}

// useCatalog parses the name after USE CATALOG or SET CATALOG.
func (p *parser) useCatalog() (Command, error) {
	cmd := Command{Kind: KindUseCatalog}
	if s, ok := p.stringLit(); ok {
		cmd.Catalog = s
		return cmd, p.expectEnd("USE CATALOG")
	}
	parts, err := p.qualifiedName("catalog name", 1)
	if err != nil {
		return Command{}, err
	}
	cmd.Catalog = parts[0]
	return cmd, p.expectEnd("USE CATALOG")
}

// describe parses what follows DESCRIBE or DESC: DESCRIBE QUERY q, or
// DESCRIBE followed directly by a query, which Spark reads the same way.
func (p *parser) describe() (Command, error) {
	if p.accept("QUERY") {
		if p.atEnd() {
			return Command{}, p.errorf("expected a query after DESCRIBE QUERY")
		}
		return Command{Kind: KindDescribeQuery, Query: p.rest()}, nil
	}
	t := p.at(0)
	if t.isKeyword("SELECT") || t.isKeyword("WITH") || t.isKeyword("VALUES") || t.isKeyword("FROM") ||
		t.isPunct('(') {
		return Command{Kind: KindDescribeQuery, Query: p.rest()}, nil
	}
	return p.describeObject()
}
