package sqlfront

// The metadata forms the drivers send for JDBC's getPrimaryKeys,
// getImportedKeys and getFunctions (databricks-jdbc in SEA mode, the Rust
// kernel behind the Python connector's use_kernel and Node's useKernel):
//
//	SHOW KEYS IN CATALOG c IN SCHEMA s IN TABLE t
//	SHOW FOREIGN KEYS IN CATALOG c IN SCHEMA s IN TABLE t
//	SHOW FUNCTIONS IN CATALOG c [SCHEMA LIKE 'p'] [[LIKE] 'p']

// showKeys parses what follows SHOW KEYS or SHOW FOREIGN KEYS:
// {IN|FROM} CATALOG c {IN|FROM} SCHEMA s {IN|FROM} TABLE t, or
// {IN|FROM} [TABLE] [[c.]s.]t.
func (p *parser) showKeys(kind Kind) (Command, error) {
	cmd := Command{Kind: kind}
	stmt := "SHOW KEYS"
	if kind == KindShowForeignKeys {
		stmt = "SHOW FOREIGN KEYS"
	}
	if !p.acceptAny("IN", "FROM") {
		return Command{}, p.errorf("expected IN or FROM after %s", stmt)
	}
	if p.catalogKeyword() {
		p.pos++
		parts, err := p.qualifiedName("catalog name", 1)
		if err != nil {
			return Command{}, err
		}
		cmd.Catalog = parts[0]
		if !p.acceptAny("IN", "FROM") || !p.accept("SCHEMA") {
			return Command{}, p.errorf("expected IN SCHEMA after %s IN CATALOG", stmt)
		}
		parts, err = p.qualifiedName("schema name", 1)
		if err != nil {
			return Command{}, err
		}
		cmd.Schema = parts[0]
		if !p.acceptAny("IN", "FROM") {
			return Command{}, p.errorf("expected IN TABLE after %s IN SCHEMA", stmt)
		}
	}
	if p.keywordsAt(0, "TABLE") && p.startsName(1) {
		p.pos++
	}
	max := 3
	if cmd.Catalog != "" {
		max = 1
	}
	parts, err := p.qualifiedName("table name", max)
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
	return cmd, p.expectEnd(stmt)
}

// catalogFunctions parses what follows SHOW FUNCTIONS {IN|FROM} when
// CATALOG c comes next: [SCHEMA LIKE 'p'] [[LIKE] 'p'].
func (p *parser) catalogFunctions() (Command, error) {
	cmd := Command{Kind: KindShowCatalogFunctions}
	p.pos++ // CATALOG
	parts, err := p.qualifiedName("catalog name", 1)
	if err != nil {
		return Command{}, err
	}
	cmd.Catalog = parts[0]
	if cmd.SchemaPattern, _, err = p.prefixedLike("SCHEMA"); err != nil {
		return Command{}, err
	}
	if cmd.Pattern, _, err = p.likeClause(true); err != nil {
		return Command{}, err
	}
	return cmd, p.expectEnd("SHOW FUNCTIONS")
}
