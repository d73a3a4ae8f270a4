package typemap

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSimpleString(t *testing.T) {
	for in, want := range map[string]string{
		"INT":                                    "int",
		"DECIMAL(10,2)":                          "decimal(10,2)",
		"STRUCT<x: DOUBLE, m: MAP<STRING, INT>>": "struct<x:double,m:map<string,int>>",
		"ARRAY<STRUCT<Ab: INT, g: ARRAY<BIGINT>>>": "array<struct<Ab:int,g:array<bigint>>>",
		"INTERVAL DAY TO SECOND":                   "interval day to second",
		"TIMESTAMP_NTZ":                            "timestamp_ntz",
	} {
		require.Equal(t, want, SimpleString(in), in)
	}
}
