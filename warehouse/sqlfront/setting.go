package sqlfront

// set parses what follows SET: nothing (list all), a key, key = value,
// TIME ZONE ..., or CATALOG c (Databricks' alias of USE CATALOG). Databricks
// session variables (SET VAR, SET VARIABLE) are left to DuckDB, which has
// SET VARIABLE too.
func (p *parser) set() (Command, error) {
	cmd := Command{Kind: KindSet}
	switch {
	case p.atEnd():
		return cmd, nil
	case p.keywordsAt(0, "TIME", "ZONE"):
		p.pos += 2
		return p.setTimeZone()
	case p.keywordsAt(0, "CATALOG") && p.pos+1 < len(p.toks) &&
		!p.at(1).isPunct('=') && !p.at(1).isPunct('.'):
		p.pos++
		return p.useCatalog()
	case p.at(0).isKeyword("VAR") || p.at(0).isKeyword("VARIABLE"):
		return Command{Kind: KindQuery}, nil
	}
	key, err := p.settingKey("SET")
	if err != nil {
		return Command{}, err
	}
	cmd.Key = key
	if p.atEnd() {
		return cmd, nil
	}
	if !p.at(0).isPunct('=') {
		return Command{}, p.errorf("expected '=' or the end of the statement after SET %s", key)
	}
	p.pos++
	cmd.HasValue = true
	cmd.Value = p.settingValue()
	return cmd, nil
}

// setTimeZone parses what follows SET TIME ZONE: LOCAL, a string, or an
// interval, which is returned as written.
func (p *parser) setTimeZone() (Command, error) {
	cmd := Command{Kind: KindSet, Key: "timezone", HasValue: true}
	if p.atEnd() {
		return Command{}, p.errorf("expected LOCAL, a string or an interval after SET TIME ZONE")
	}
	if p.at(0).isKeyword("LOCAL") {
		p.pos++
		cmd.Value = "LOCAL"
		return cmd, p.expectEnd("SET TIME ZONE LOCAL")
	}
	cmd.Value = p.settingValue()
	return cmd, nil
}

// reset parses what follows RESET: nothing (reset all) or a key.
func (p *parser) reset() (Command, error) {
	cmd := Command{Kind: KindReset}
	if p.atEnd() {
		return cmd, nil
	}
	key, err := p.settingKey("RESET")
	if err != nil {
		return Command{}, err
	}
	cmd.Key = key
	return cmd, p.expectEnd("RESET " + key)
}

// settingKey consumes a configuration key: a backtick identifier, or
// everything up to the first space, comment or '='
// (spark.sql.ansi.enabled, -v).
func (p *parser) settingKey(stmt string) (string, error) {
	t := p.at(0)
	if t.kind == tokBacktickIdent {
		p.pos++
		return t.value(), nil
	}
	if t.isPunct('=') {
		return "", p.errorf("expected a key after %s", stmt)
	}
	end := t.end()
	p.pos++
	for !p.atEnd() && p.at(0).pos == end && !p.at(0).isPunct('=') {
		end = p.at(0).end()
		p.pos++
	}
	return p.src[t.pos:end], nil
}

// settingValue consumes the rest of the statement as a value: the decoded
// value of a single string literal or quoted identifier, else the text as
// written.
func (p *parser) settingValue() string {
	if p.pos == len(p.toks)-1 {
		if t := p.at(0); t.isStringLit() || t.kind == tokQuotedIdent || t.kind == tokBacktickIdent {
			p.pos++
			return t.value()
		}
	}
	return p.rest()
}
