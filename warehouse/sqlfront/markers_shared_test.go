package sqlfront

import (
	"encoding/json"
	"errors"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/kernel"
)

// markerCase is one statement of internal/sqlmarkers/testdata/cases.json,
// the table the kernel's CountMarkers runs too.
type markerCase struct {
	SQL        string   `json:"sql"`
	Positional int      `json:"positional"`
	Named      []string `json:"named"`
	// ServerRejects says why Translate fails on a statement the kernel
	// accepts (a syntax error outside the markers); empty when it does not.
	ServerRejects string `json:"server_rejects"`
}

func markerCases(t testing.TB) []markerCase {
	b, err := os.ReadFile("../../internal/sqlmarkers/testdata/cases.json")
	require.NoError(t, err)
	var cases []markerCase
	require.NoError(t, json.Unmarshal(b, &cases))
	return cases
}

// TestMarkerCasesShared: Translate binds the markers the kernel counts.
func TestMarkerCasesShared(t *testing.T) {
	for _, tc := range markerCases(t) {
		tr, err := Translate(tc.SQL, Options{})
		if tc.ServerRejects != "" {
			require.ErrorIs(t, err, ErrSyntax, tc.SQL)
			continue
		}
		require.NoError(t, err, tc.SQL)
		require.Equal(t, tc.Positional, tr.Positional, tc.SQL)
		require.Equal(t, tc.Named, tr.Named, tc.SQL)
	}
}

// FuzzMarkersAgree: for any statement both accept, the warehouse's
// Translate and the kernel's CountMarkers find the same markers.
func FuzzMarkersAgree(f *testing.F) {
	for _, tc := range markerCases(f) {
		f.Add(tc.SQL)
	}
	f.Fuzz(func(t *testing.T, sql string) {
		p, named, kerr := kernel.CountMarkers(sql)
		tr, err := Translate(sql, Options{})
		if kerr != nil || err != nil {
			if errors.Is(err, ErrMixedParameters) {
				require.Error(t, kerr, "the warehouse finds mixed markers in %q", sql)
			}
			return
		}
		require.Equal(t, p, tr.Positional, "? markers in %q", sql)
		require.Equal(t, named, tr.Named, ":name markers in %q", sql)
	})
}
