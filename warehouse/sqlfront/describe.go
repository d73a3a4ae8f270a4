package sqlfront

// describeObject parses what follows DESCRIBE when it is no query:
// SCHEMA/DATABASE/NAMESPACE s, CATALOG c, or [TABLE] t [col]; DESCRIBE
// FUNCTION and other forms are left to the engine.
func (p *parser) describeObject() (Command, error) {
	switch {
	case p.at(0).isKeyword("FUNCTION"), p.at(0).isKeyword("HISTORY"), p.at(0).isKeyword("DETAIL"),
		p.at(0).isKeyword("VOLUME"), p.at(0).isKeyword("CONNECTION"), p.at(0).isKeyword("LOCATION"):
		return Command{Kind: KindQuery}, nil
	case p.startsName(1) && p.acceptAny("SCHEMA", "DATABASE", "NAMESPACE"):
		cmd := Command{Kind: KindDescribeSchema, Extended: p.accept("EXTENDED")}
		parts, err := p.qualifiedName("schema name", 2)
		if err != nil {
			return Command{}, err
		}
		if len(parts) == 2 {
			cmd.Catalog = parts[0]
		}
		cmd.Schema = parts[len(parts)-1]
		return cmd, p.expectEnd("DESCRIBE SCHEMA")
	case p.startsName(1) && p.accept("CATALOG"):
		cmd := Command{Kind: KindDescribeCatalog, Extended: p.accept("EXTENDED")}
		parts, err := p.qualifiedName("catalog name", 1)
		if err != nil {
			return Command{}, err
		}
		cmd.Catalog = parts[0]
		return cmd, p.expectEnd("DESCRIBE CATALOG")
	}
	if p.at(0).isKeyword("TABLE") && p.startsName(1) {
		p.pos++
	}
	cmd := Command{Kind: KindDescribeTable}
	if p.startsName(1) && p.acceptAny("EXTENDED", "FORMATTED") {
		cmd.Extended = true
	}
	if err := p.tableName(&cmd); err != nil {
		return Command{}, err
	}
	if !p.atEnd() {
		col, err := p.qualifiedName("column name", 4)
		if err != nil {
			return Command{}, err
		}
		cmd.Value = col[len(col)-1]
	}
	return cmd, p.expectEnd("DESCRIBE TABLE")
}

// tableName consumes a [[c.]s.]t name into cmd.
func (p *parser) tableName(cmd *Command) error {
	parts, err := p.qualifiedName("table name", 3)
	if err != nil {
		return err
	}
	cmd.Table = parts[len(parts)-1]
	if len(parts) >= 2 {
		cmd.Schema = parts[len(parts)-2]
	}
	if len(parts) == 3 {
		cmd.Catalog = parts[0]
	}
	return nil
}

// showTblProperties parses what follows SHOW TBLPROPERTIES: t [('key')].
func (p *parser) showTblProperties() (Command, error) {
	cmd := Command{Kind: KindShowTblProperties}
	if err := p.tableName(&cmd); err != nil {
		return Command{}, err
	}
	if p.at(0).isPunct('(') {
		p.pos++
		var key string
		for !p.atEnd() && !p.at(0).isPunct(')') {
			t := p.at(0)
			if t.isStringLit() || t.kind == tokQuotedIdent || t.kind == tokBacktickIdent {
				key += t.value()
			} else {
				key += t.text
			}
			p.pos++
		}
		if !p.at(0).isPunct(')') {
			return Command{}, p.errorf("expected ')' after the property key")
		}
		p.pos++
		cmd.Value = key
	}
	return cmd, p.expectEnd("SHOW TBLPROPERTIES")
}

// showCreateTable parses what follows SHOW CREATE TABLE: t [AS SERDE].
func (p *parser) showCreateTable() (Command, error) {
	cmd := Command{Kind: KindShowCreateTable}
	if err := p.tableName(&cmd); err != nil {
		return Command{}, err
	}
	p.accept("AS", "SERDE")
	return cmd, p.expectEnd("SHOW CREATE TABLE")
}

// showViews parses what follows SHOW VIEWS: [{IN|FROM} [c.]s] [[LIKE] 'p'].
func (p *parser) showViews() (Command, error) {
	cmd := Command{Kind: KindShowViews}
	if p.acceptAny("IN", "FROM") {
		parts, err := p.qualifiedName("schema name", 2)
		if err != nil {
			return Command{}, err
		}
		if len(parts) == 2 {
			cmd.Catalog = parts[0]
		}
		cmd.Schema = parts[len(parts)-1]
	}
	return p.trailingPattern(cmd, "SHOW VIEWS")
}

// showFunctions parses what follows SHOW [USER|SYSTEM|ALL] FUNCTIONS:
// [{IN|FROM} [c.]s] [[LIKE] 'p' | name].
func (p *parser) showFunctions() (Command, error) {
	cmd := Command{Kind: KindShowFunctions}
	if p.acceptAny("IN", "FROM") {
		if p.catalogKeyword() {
			return p.catalogFunctions()
		}
		parts, err := p.qualifiedName("schema name", 2)
		if err != nil {
			return Command{}, err
		}
		if len(parts) == 2 {
			cmd.Catalog = parts[0]
		}
		cmd.Schema = parts[len(parts)-1]
	}
	p.accept("LIKE")
	if s, ok := p.stringLit(); ok {
		cmd.Pattern = s
	} else if !p.atEnd() {
		parts, err := p.qualifiedName("function name", 3)
		if err != nil {
			return Command{}, err
		}
		cmd.Pattern = parts[len(parts)-1]
	}
	return cmd, p.expectEnd("SHOW FUNCTIONS")
}

// alterTableProperties recognises ALTER {TABLE|VIEW} t SET TBLPROPERTIES
// (…) and UNSET TBLPROPERTIES [IF EXISTS] (…); other ALTER statements go
// to the engine.
func (p *parser) alterTableProperties() (Command, error) {
	p.pos += 2
	cmd := Command{Kind: KindAlterTableProperties}
	if err := p.tableName(&cmd); err != nil {
		return Command{Kind: KindQuery}, nil //nolint:nilerr // not ours: the engine words the error
	}
	switch {
	case p.accept("SET", "TBLPROPERTIES"):
	case p.accept("UNSET", "TBLPROPERTIES"):
		cmd.Unset = true
		cmd.IfExists = p.accept("IF", "EXISTS")
	default:
		return Command{Kind: KindQuery}, nil
	}
	if !p.at(0).isPunct('(') {
		return Command{}, p.errorf("expected '(' after TBLPROPERTIES")
	}
	p.pos++
	var key string
	for !p.atEnd() && !p.at(0).isPunct(')') {
		t := p.at(0)
		p.pos++
		switch {
		case t.isPunct('='):
			v := p.at(0)
			p.pos++
			val := v.text
			if v.isStringLit() {
				val = v.value()
			}
			cmd.Properties = append(cmd.Properties, [2]string{key, val})
			key = ""
		case t.isPunct(','):
			if key != "" {
				cmd.Properties = append(cmd.Properties, [2]string{key, ""})
				key = ""
			}
		case t.isStringLit() || t.kind == tokQuotedIdent || t.kind == tokBacktickIdent:
			key += t.value()
		default:
			key += t.text
		}
	}
	if key != "" {
		cmd.Properties = append(cmd.Properties, [2]string{key, ""})
	}
	if !p.at(0).isPunct(')') {
		return Command{}, p.errorf("expected ')' after the properties")
	}
	p.pos++
	return cmd, p.expectEnd("ALTER TABLE")
}
