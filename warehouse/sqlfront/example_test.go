package sqlfront_test

import (
	"fmt"

	"github.com/sealane/sealane/warehouse/sqlfront"
)

func ExampleTranslate() {
	tr, err := sqlfront.Translate(
		"SELECT `a b`, 'it\\'s' FROM main.default.t, range(3) WHERE x = :x",
		sqlfront.Options{CatalogMap: map[string]string{"main": "memory"}},
	)
	if err != nil {
		panic(err)
	}
	fmt.Println(tr.SQL)
	fmt.Println(tr.Positional, tr.Named)
	// Output:
	// SELECT "a b", 'it''s' FROM "memory"."default".t, (SELECT range AS id FROM range(3)) WHERE x = $x
	// 0 [x]
}

func ExampleClassify() {
	cmd, err := sqlfront.Classify("SHOW TABLES IN CATALOG main SCHEMA LIKE 'def*' LIKE 't%'")
	if err != nil {
		panic(err)
	}
	fmt.Println(cmd.Kind, cmd.Catalog, cmd.SchemaPattern, cmd.Pattern)
	// Output:
	// ShowTables main def* t%
}

func ExamplePatternRegexp() {
	re, err := sqlfront.PatternRegexp("def*|sam.le")
	if err != nil {
		panic(err)
	}
	fmt.Println(re.MatchString("Default"), re.MatchString("sample"), re.MatchString("samples"))
	// Output:
	// true true false
}
