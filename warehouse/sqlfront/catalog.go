package sqlfront

// createCatalog parses what follows CREATE CATALOG:
// [IF NOT EXISTS] name [COMMENT 'text'] (Unity Catalog's other clauses,
// MANAGED LOCATION, USING SHARE, OPTIONS, have no local meaning and are
// refused).
func (p *parser) createCatalog() (Command, error) {
	cmd := Command{Kind: KindCreateCatalog}
	if p.accept("IF", "NOT", "EXISTS") {
		cmd.IfExists = true
	}
	parts, err := p.qualifiedName("catalog name", 1)
	if err != nil {
		return Command{}, err
	}
	cmd.Catalog = parts[0]
	if p.accept("COMMENT") {
		s, ok := p.stringLit()
		if !ok {
			return Command{}, p.errorf("expected a string after COMMENT")
		}
		cmd.Value = s
	}
	return cmd, p.expectEnd("CREATE CATALOG")
}

// dropCatalog parses what follows DROP CATALOG:
// [IF EXISTS] name [RESTRICT | CASCADE].
func (p *parser) dropCatalog() (Command, error) {
	cmd := Command{Kind: KindDropCatalog}
	if p.accept("IF", "EXISTS") {
		cmd.IfExists = true
	}
	parts, err := p.qualifiedName("catalog name", 1)
	if err != nil {
		return Command{}, err
	}
	cmd.Catalog = parts[0]
	if p.accept("CASCADE") {
		cmd.Cascade = true
	} else {
		p.accept("RESTRICT")
	}
	return cmd, p.expectEnd("DROP CATALOG")
}
