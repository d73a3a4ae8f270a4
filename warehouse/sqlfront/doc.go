// Package sqlfront is the SQL front end of the local Databricks SQL warehouse.
//
// The warehouse accepts Databricks SQL over the Statement Execution API and
// runs it on embedded DuckDB. This package sits between the two:
//
//   - [Classify] recognises the Databricks statements the server answers
//     itself (SHOW CATALOGS/SCHEMAS/TABLES/COLUMNS, USE, SET, RESET and
//     DESCRIBE QUERY) and extracts their arguments;
//   - [Translate] rewrites everything else into DuckDB SQL: backtick
//     identifiers, Spark string literals with backslash escapes, raw strings,
//     :name parameter markers, Spark's range() table function, catalog names
//     DuckDB cannot use, the schema name default, Databricks functions DuckDB
//     spells or numbers differently, array generators, ARRAY<T> types and
//     the null-safe equality <=>;
//   - [PatternRegexp] compiles the patterns of SHOW ... LIKE;
//   - [QuoteIdent] quotes a DuckDB identifier.
//
// All rewrites work on tokens, so text inside strings and comments is never
// touched, and everything that needs no rewrite is copied byte for byte.
//
// The package is pure Go: it must not import DuckDB and builds with
// CGO_ENABLED=0.
package sqlfront
