package sink

import (
	"strings"
	"testing"

	"github.com/sealane/sealane/frames/engine"
	"github.com/sealane/sealane/frames/plan"
)

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		format plan.Format
		opts   engine.SinkOptions
		msg    string // "" = valid
	}{
		{plan.FormatParquet, engine.SinkOptions{}, ""},
		{plan.FormatParquet, engine.SinkOptions{Compression: "ZSTD", RowGroupRows: 10}, ""},
		{plan.FormatParquet, engine.SinkOptions{Compression: "brotli"}, `parquet compression "brotli": want snappy, zstd, gzip, lz4 or uncompressed`},
		{plan.FormatParquet, engine.SinkOptions{RowGroupRows: -5}, "row group rows -5"},
		{plan.FormatIPC, engine.SinkOptions{Compression: "lz4"}, ""},
		{plan.FormatIPC, engine.SinkOptions{Compression: "snappy"}, `ipc compression "snappy"`},
		{plan.FormatCSV, engine.SinkOptions{Compression: "gzip", CSVDelimiter: '\t'}, ""},
		{plan.FormatCSV, engine.SinkOptions{CSVDelimiter: '"'}, "csv delimiter"},
		{plan.FormatCSV, engine.SinkOptions{CSVDelimiter: 0xD800}, "csv delimiter"},
		{plan.FormatNDJSON, engine.SinkOptions{Compression: "zstd"}, `ndjson compression "zstd": want gzip or none`},
		{plan.Format("xlsx"), engine.SinkOptions{}, `unknown format "xlsx"`},
	} {
		err := Validate(tc.format, tc.opts)
		switch {
		case tc.msg == "" && err != nil:
			t.Errorf("%s %+v: %v", tc.format, tc.opts, err)
		case tc.msg != "" && (err == nil || !strings.Contains(err.Error(), tc.msg)):
			t.Errorf("%s %+v: %v, want %q", tc.format, tc.opts, err, tc.msg)
		}
	}
}
