package stub_test

import (
	"context"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/frames"
	"github.com/sealane/sealane/frames/engines/stub"
)

// TestCastFloatToString: the stub writes floats cast to strings as the SQL
// engines do (6.0, not 6).
func TestCastFloatToString(t *testing.T) {
	f := frames.FromRows([]struct {
		X float64 `frame:"x"`
	}{{6}, {0.5}, {-1234567}, {2.25}, {1e20}}, frames.On(stub.New())).
		CastColumns(map[string]arrow.DataType{"x": arrow.BinaryTypes.String})
	got, err := frames.Collect[struct {
		X *string `frame:"x"`
	}](context.Background(), f)
	require.NoError(t, err)
	var texts []string
	for _, r := range got {
		texts = append(texts, *r.X)
	}
	assert.Equal(t, []string{"6.0", "0.5", "-1234567.0", "2.25", "1e+20"}, texts)
}
