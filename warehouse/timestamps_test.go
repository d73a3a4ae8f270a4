package warehouse_test

import (
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse"
)

// TestTimestampIsLocalTimeZone: Databricks' TIMESTAMP is TIMESTAMP_LTZ. In
// literals, CASTs, :: and column definitions it is an instant, read in the
// session time zone and reported as TIMESTAMP with the session zone in
// Arrow; TIMESTAMP_NTZ stays zone-less.
func TestTimestampIsLocalTimeZone(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	sid := newSession(t, c, sea.CreateSessionRequest{SessionConfs: map[string]string{"timezone": "Europe/Amsterdam"}})
	m, rec := arrowIn(t, c, sid, "SELECT TIMESTAMP '2024-01-02 03:04:05' AS lit, CAST('2024-01-02 03:04:05' AS TIMESTAMP) AS cast, "+
		"'2024-01-02 03:04:05'::timestamp AS colon, TIMESTAMP_NTZ '2024-01-02 03:04:05' AS ntz, current_timestamp() AS now, "+
		"TIMESTAMP '2024-01-02 03:04:05' + INTERVAL 1 DAY AS plus, date_trunc('DAY', TIMESTAMP '2024-01-02 03:04:05') AS day")
	instant := time.Date(2024, 1, 2, 2, 4, 5, 0, time.UTC).UnixMicro() // 03:04:05 in Amsterdam (+01:00)
	amsterdam := &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "Europe/Amsterdam"}
	for _, i := range []int{0, 1, 2, 4, 5, 6} {
		col := m.Schema.Columns[i]
		require.Equal(t, "TIMESTAMP", col.TypeName, col.Name)
		require.Equal(t, "TIMESTAMP", col.TypeText, col.Name)
		require.True(t, arrow.TypeEqual(amsterdam, rec.Schema().Field(i).Type), "%s: %s", rec.Schema().Field(i).Name, rec.Schema().Field(i).Type)
	}
	for i := 0; i < 3; i++ {
		require.EqualValues(t, instant, rec.Column(i).(*array.Timestamp).Value(0), rec.Schema().Field(i).Name)
	}
	require.EqualValues(t, instant+int64(24*time.Hour/time.Microsecond), rec.Column(5).(*array.Timestamp).Value(0))
	require.EqualValues(t, time.Date(2024, 1, 1, 23, 0, 0, 0, time.UTC).UnixMicro(), rec.Column(6).(*array.Timestamp).Value(0),
		"midnight of the session's day")
	require.Equal(t, "TIMESTAMP_NTZ", m.Schema.Columns[3].TypeName)
	require.True(t, arrow.TypeEqual(&arrow.TimestampType{Unit: arrow.Microsecond}, rec.Schema().Field(3).Type))
	require.EqualValues(t, time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC).UnixMicro(), rec.Column(3).(*array.Timestamp).Value(0),
		"NTZ keeps the wall clock")

	// JSON_ARRAY renders the instant in the session zone.
	require.Equal(t, [][]string{{"2024-01-02T03:04:05+01:00", "2024-01-02T03:04:05"}},
		strs(rows(t, c, sid, "SELECT TIMESTAMP '2024-01-02 03:04:05' AS ts, TIMESTAMP_NTZ '2024-01-02 03:04:05' AS ntz")))
}

// TestTimestampColumns: a TIMESTAMP column of a table is TIMESTAMP in
// results, SHOW COLUMNS and DESCRIBE QUERY; a value written as text is read
// in the session zone.
func TestTimestampColumns(t *testing.T) {
	c, _ := newWarehouse(t, warehouse.Config{})
	sid := newSession(t, c, sea.CreateSessionRequest{SessionConfs: map[string]string{"timezone": "America/New_York"}})
	sqlIn(t, c, sid, "CREATE TABLE events (id INT, happened TIMESTAMP, wall TIMESTAMP_NTZ)")
	sqlIn(t, c, sid, "INSERT INTO events VALUES (1, '2024-07-01 08:00:00', '2024-07-01 08:00:00')")
	m, rec := arrowIn(t, c, sid, "SELECT happened, wall FROM events")
	require.Equal(t, []string{"TIMESTAMP", "TIMESTAMP_NTZ"}, []string{m.Schema.Columns[0].TypeText, m.Schema.Columns[1].TypeText})
	require.EqualValues(t, time.Date(2024, 7, 1, 12, 0, 0, 0, time.UTC).UnixMicro(), rec.Column(0).(*array.Timestamp).Value(0),
		"08:00 EDT is 12:00 UTC")
	require.Equal(t, [][]string{{"happened", "TIMESTAMP", "<null>"}, {"wall", "TIMESTAMP_NTZ", "<null>"}},
		strs(rows(t, c, sid, "DESCRIBE QUERY SELECT happened, wall FROM events")))
	cols := strs(rows(t, c, sid, "SHOW COLUMNS IN CATALOG main SCHEMA LIKE 'default' TABLE LIKE 'events'"))
	require.Equal(t, "TIMESTAMP", cols[1][4])
	require.Equal(t, "TIMESTAMP_NTZ", cols[2][4])
}
