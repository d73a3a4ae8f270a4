// Package typemap maps the Arrow types an engine (DuckDB) produces to the
// column types Databricks reports (type_name, type_text, precision, scale,
// interval type) and to the Arrow types Databricks sends, and converts record
// batches accordingly. It also renders values as the text JSON_ARRAY and CSV
// results carry.
//
// The mapping follows the protocol reference (§4.2): DECIMAL is
// decimal128(p,s), TIMESTAMP is timestamp(µs) in the session time zone,
// TIMESTAMP_NTZ is timestamp(µs) without a zone, unsigned integers widen to
// the next signed type, TIME and other types Databricks lacks become STRING.
package typemap
