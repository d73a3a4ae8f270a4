package sqlfront

import (
	"fmt"
	"strings"
)

// show parses what follows SHOW. Forms other than CATALOGS, SCHEMAS
// (DATABASES, NAMESPACES), TABLES and COLUMNS are left to DuckDB.
func (p *parser) show() (Command, error) {
	switch {
	case p.accept("CATALOGS"):
		return p.trailingPattern(Command{Kind: KindShowCatalogs}, "SHOW CATALOGS")
	case p.acceptAny("SCHEMAS", "DATABASES", "NAMESPACES"):
		return p.showSchemas()
	case p.accept("TABLES"):
		return p.showTables()
	case p.accept("COLUMNS"):
		return p.showColumns()
	case p.accept("TBLPROPERTIES"):
		return p.showTblProperties()
	case p.accept("CREATE", "TABLE"):
		return p.showCreateTable()
	case p.accept("VIEWS"):
		return p.showViews()
	case p.accept("KEYS"):
		return p.showKeys(KindShowKeys)
	case p.accept("FOREIGN", "KEYS"):
		return p.showKeys(KindShowForeignKeys)
	case p.keywordsAt(0, "FUNCTIONS"), p.keywordsAt(1, "FUNCTIONS") &&
		(p.keywordsAt(0, "USER") || p.keywordsAt(0, "SYSTEM") || p.keywordsAt(0, "ALL")):
		p.skipWhile("USER", "SYSTEM", "ALL")
		p.pos++
		return p.showFunctions()
	}
	return Command{Kind: KindQuery}, nil
}

// showSchemas parses [{IN|FROM} {ALL CATALOGS | [CATALOG] c}] [[LIKE] 'p'].
func (p *parser) showSchemas() (Command, error) {
	cmd := Command{Kind: KindShowSchemas}
	if p.acceptAny("IN", "FROM") {
		if p.accept("ALL", "CATALOGS") {
			cmd.AllCatalogs = true
		} else {
			if p.catalogKeyword() {
				p.pos++
			}
			parts, err := p.qualifiedName("catalog name", 1)
			if err != nil {
				return Command{}, err
			}
			cmd.Catalog = parts[0]
		}
	}
	return p.trailingPattern(cmd, "SHOW SCHEMAS")
}

// showTables parses [{IN|FROM} {ALL CATALOGS | CATALOG c | c.s | s}]
// [SCHEMA LIKE 'p'] [[LIKE] 'p'].
func (p *parser) showTables() (Command, error) {
	cmd := Command{Kind: KindShowTables}
	if p.acceptAny("IN", "FROM") {
		switch {
		case p.accept("ALL", "CATALOGS"):
			cmd.AllCatalogs = true
		case p.catalogKeyword():
			p.pos++
			parts, err := p.qualifiedName("catalog name", 1)
			if err != nil {
				return Command{}, err
			}
			cmd.Catalog = parts[0]
		default:
			parts, err := p.qualifiedName("schema name", 2)
			if err != nil {
				return Command{}, err
			}
			if len(parts) == 2 {
				cmd.Catalog = parts[0]
			}
			cmd.Schema = parts[len(parts)-1]
		}
	}
	pat, _, err := p.prefixedLike("SCHEMA")
	if err != nil {
		return Command{}, err
	}
	cmd.SchemaPattern = pat
	return p.trailingPattern(cmd, "SHOW TABLES")
}

// showColumns parses the drivers' form
// IN {CATALOG c | ALL CATALOGS} [SCHEMA LIKE 'p'] [TABLE LIKE 'p'] [[LIKE] 'p']
// and Spark's {IN|FROM} [[c.]s.]t [{IN|FROM} [c.]s] [LIKE 'p'].
func (p *parser) showColumns() (Command, error) {
	cmd := Command{Kind: KindShowColumns}
	if !p.acceptAny("IN", "FROM") {
		return Command{}, p.errorf("expected IN or FROM after SHOW COLUMNS")
	}
	switch {
	case p.accept("ALL", "CATALOGS"):
		cmd.AllCatalogs = true
		return p.columnPatterns(cmd)
	case p.catalogKeyword():
		p.pos++
		parts, err := p.qualifiedName("catalog name", 1)
		if err != nil {
			return Command{}, err
		}
		cmd.Catalog = parts[0]
		return p.columnPatterns(cmd)
	}
	parts, err := p.qualifiedName("table name", 3)
	if err != nil {
		return Command{}, err
	}
	cmd.Table = parts[len(parts)-1]
	if len(parts) >= 2 {
		cmd.Schema = parts[len(parts)-2]
	}
	if len(parts) == 3 {
		cmd.Catalog = parts[0]
	}
	if p.acceptAny("IN", "FROM") {
		ns, err := p.qualifiedName("schema name", 2)
		if err != nil {
			return Command{}, err
		}
		schema, catalog := ns[len(ns)-1], ""
		if len(ns) == 2 {
			catalog = ns[0]
		}
		if cmd.Schema != "" && !strings.EqualFold(cmd.Schema, schema) ||
			cmd.Catalog != "" && catalog != "" && !strings.EqualFold(cmd.Catalog, catalog) {
			return Command{}, fmt.Errorf("%w: SHOW COLUMNS names table %s but schema %s",
				ErrSyntax, strings.Join(parts, "."), strings.Join(ns, "."))
		}
		cmd.Schema = schema
		if catalog != "" {
			cmd.Catalog = catalog
		}
	}
	pat, _, err := p.likeClause(false)
	if err != nil {
		return Command{}, err
	}
	cmd.ColumnPattern = pat
	return cmd, p.expectEnd("SHOW COLUMNS")
}

// columnPatterns parses [SCHEMA LIKE 'p'] [TABLE LIKE 'p'] [[LIKE] 'p'].
func (p *parser) columnPatterns(cmd Command) (Command, error) {
	var err error
	if cmd.SchemaPattern, _, err = p.prefixedLike("SCHEMA"); err != nil {
		return Command{}, err
	}
	if cmd.TablePattern, _, err = p.prefixedLike("TABLE"); err != nil {
		return Command{}, err
	}
	if cmd.ColumnPattern, _, err = p.likeClause(true); err != nil {
		return Command{}, err
	}
	return cmd, p.expectEnd("SHOW COLUMNS")
}

// trailingPattern parses the final [[LIKE] 'p'] of SHOW CATALOGS, SCHEMAS
// and TABLES into cmd.Pattern.
func (p *parser) trailingPattern(cmd Command, stmt string) (Command, error) {
	var err error
	if cmd.Pattern, _, err = p.likeClause(true); err != nil {
		return Command{}, err
	}
	return cmd, p.expectEnd(stmt)
}

// catalogKeyword reports whether the next token is the keyword CATALOG
// followed by a catalog name, rather than a schema or table named catalog.
func (p *parser) catalogKeyword() bool {
	if !p.at(0).isKeyword("CATALOG") || !p.startsName(1) {
		return false
	}
	next := p.at(1)
	switch {
	case next.isKeyword("LIKE"):
		return !p.at(2).isStringLit() && p.at(2).kind != tokQuotedIdent
	case next.isKeyword("SCHEMA"), next.isKeyword("TABLE"):
		return !p.at(2).isKeyword("LIKE")
	case next.isKeyword("IN"), next.isKeyword("FROM"):
		return false
	}
	return true
}
