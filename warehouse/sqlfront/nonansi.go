package sqlfront

// nonANSICatalog holds the catalog entries that differ when the session's
// ANSI_MODE is false (Options.ANSIOff): DATE(…) and TIMESTAMP(…) of
// malformed text are NULL there, CAST_INVALID_INPUT under ANSI.
var nonANSICatalog = map[string]fn{
	"date":      {min: 1, max: 1, to: "sl_date_lenient($1)"},
	"timestamp": {min: 1, max: 1, to: "sl_timestamp_lenient($1)"},
}
