package sqlfront

import "strings"

// Functions of formats the local warehouse does not read or write (XML
// but XPath, CSV but from_csv, Avro, Protobuf): known to Databricks, so they fail
// with a Spark error class rather than as an unknown routine.

// xmlCSVFunctions have no implementation here yet.
var xmlCSVFunctions = strings.Fields(`from_xml to_xml schema_of_xml to_csv schema_of_csv`)

func init() {
	for _, name := range xmlCSVFunctions {
		catalog[name] = fn{fail: &failure{"UNSUPPORTED_FEATURE", "0A000",
			"The feature is not supported: the function `" + name + "` in the local warehouse (sealane)."}}
	}
	// Spark without its Avro module, which is what the local warehouse is.
	for _, name := range []string{"from_avro", "to_avro", "schema_of_avro"} {
		catalog[name] = fn{fail: &failure{"AVRO_NOT_LOADED_SQL_FUNCTIONS_UNUSABLE", "22KD3",
			"Cannot call the " + strings.ToUpper(name) + " SQL function because the Avro data source is not loaded."}}
	}
	// Protobuf descriptors are files the warehouse's sandbox does not reach.
	for _, name := range []string{"from_protobuf", "to_protobuf"} {
		catalog[name] = fn{fail: &failure{"PROTOBUF_DESCRIPTOR_FILE_NOT_FOUND", "42K0G",
			"Error reading Protobuf descriptor file: the local warehouse (sealane) reads no descriptor files."}}
	}
}
