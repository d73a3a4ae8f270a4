package kernel_test

import (
	"context"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/kernel"
	"github.com/sealane/sealane/warehouse"
)

// emptyTypesQuery covers every result type family; its empty form (WHERE
// false) has no result data, so the reader builds its schema from the
// manifest alone.
const emptyTypesQuery = `SELECT true AS b, 1::TINYINT AS ti, 2::SMALLINT AS si, 3::INT AS i,
	4::BIGINT AS bi, 1.5::FLOAT AS f, 2.25::DOUBLE AS d, 12.30::DECIMAL(10,2) AS dec,
	'hello' AS s, unhex('ABCD') AS bl, DATE '2024-01-02' AS dt,
	TIMESTAMP_NTZ '2024-01-02 03:04:05' AS ts, TIMESTAMPTZ '2024-01-02 03:04:05+00' AS tstz,
	INTERVAL '3 days 4 hours' AS iv, [1, 2, 3]::INTEGER[] AS arr,
	{'x': 1, 'y': 'a'} AS st, MAP {'k': 1} AS m`

// readSchema runs sql and returns the reader's schema and row count.
func readSchema(t *testing.T, c *kernel.Conn, sql string) (*arrow.Schema, int64) {
	t.Helper()
	rdr, err := c.Query(context.Background(), sql)
	require.NoError(t, err, sql)
	defer rdr.Release()
	var n int64
	for rdr.Next() {
		n += rdr.RecordBatch().NumRows()
	}
	require.NoError(t, rdr.Err(), sql)
	return rdr.Schema(), n
}

// TestEmptyResultSchemaFromManifest: the warehouse sends no result data for
// an empty result (as the service does); the kernel's reader then derives
// the schema from the manifest, and it is the schema a non-empty result of
// the same query carries, in the session's time zone too. DDL reads as an
// empty result with no columns.
func TestEmptyResultSchemaFromManifest(t *testing.T) {
	e := newEnv(t, warehouse.Config{})
	for _, tz := range []string{"", "Europe/Amsterdam"} {
		var opts []kernel.Option
		if tz != "" {
			opts = append(opts, kernel.WithSessionConf("TIMEZONE", tz))
		}
		c := connect(t, e, opts...)
		full, n := readSchema(t, c, emptyTypesQuery)
		require.EqualValues(t, 1, n)
		empty, n := readSchema(t, c, "SELECT * FROM ("+emptyTypesQuery+") WHERE false")
		require.Zero(t, n)
		require.Equal(t, full.NumFields(), empty.NumFields())
		for i, f := range full.Fields() {
			g := empty.Field(i)
			require.Equal(t, f.Name, g.Name)
			require.True(t, arrow.TypeEqual(f.Type, g.Type), "%s (tz %q): empty %s, non-empty %s", f.Name, tz, g.Type, f.Type)
		}

		ddl, n := readSchema(t, c, "CREATE OR REPLACE TABLE kernel_empty_ddl (a INT)")
		require.Zero(t, n)
		require.Zero(t, ddl.NumFields())
	}
}
