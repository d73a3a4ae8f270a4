// Package variantjson edits and describes Databricks VARIANT values kept as
// JSON text, as the warehouse keeps them in DuckDB: the work of
// variant_set, variant_insert, variant_delete, variant_array_append,
// variant_strip_nulls and schema_of_variant[_agg], which DuckDB's JSON
// functions cannot express (recursive edits, paths that create what is
// missing). duckengine registers the functions as Go scalar UDFs; the
// front end's function catalog calls them.
//
// Values are re-encoded compactly with object keys in sorted order, as
// Spark's VARIANT stores them, and numbers keep their text.
package variantjson
