package oidc

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestStorePrunesLazily(t *testing.T) {
	st := newStore()
	now := time.Now()
	for range 3 {
		st.put(now, &entry{kind: kindAccess, expires: now.Add(time.Minute)})
	}
	keep := st.put(now, &entry{kind: kindRefresh, expires: now.Add(time.Hour)})
	require.Len(t, st.entries, 4)

	// Within pruneInterval nothing is swept, even if entries expired.
	st.put(now.Add(30*time.Second), &entry{kind: kindAccess, expires: now})
	require.Len(t, st.entries, 5)

	// The next write after pruneInterval sweeps the expired entries.
	later := now.Add(2 * time.Minute)
	st.put(later, &entry{kind: kindAccess, expires: later.Add(time.Minute)})
	require.Len(t, st.entries, 2)
	_, ok := st.get(keep)
	require.True(t, ok)
}

func TestStoreKeepsOnlyHashes(t *testing.T) {
	st := newStore()
	now := time.Now()
	tok := st.put(now, &entry{kind: kindAccess, expires: now.Add(time.Hour), clientID: "c"})
	require.True(t, strings.HasPrefix(tok, TokenPrefix))
	require.Len(t, tok, len(TokenPrefix)+43)
	for k, e := range st.entries {
		require.NotContains(t, string(k[:]), tok)
		require.NotEqual(t, tok, e.clientID)
		require.NotEqual(t, tok, e.redirectURI)
		require.NotEqual(t, tok, e.codeChallenge)
	}
}

func TestStoreClaimReplayRevokesFamily(t *testing.T) {
	st := newStore()
	now := time.Now()
	f := st.newFamily()
	code := st.put(now, &entry{kind: kindCode, expires: now.Add(time.Minute), family: f})
	access := st.put(now, &entry{kind: kindAccess, expires: now.Add(time.Hour), family: f})
	other := st.put(now, &entry{kind: kindAccess, expires: now.Add(time.Hour), family: st.newFamily()})

	e, err := st.claim(now, code, kindCode)
	require.NoError(t, err)
	e.used = true
	_, err = st.claim(now, code, kindAccess)
	require.ErrorIs(t, err, errUnknown, "kind must match")
	_, err = st.claim(now, code, kindCode)
	require.ErrorIs(t, err, errReplay)
	_, ok := st.get(access)
	require.False(t, ok, "family revoked")
	_, ok = st.get(other)
	require.True(t, ok, "other families kept")
	_, err = st.claim(now, code, kindCode)
	require.ErrorIs(t, err, errUnknown, "after revocation the code is simply unknown")
}

func TestRandomTokensAreUnique(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		tok := newToken()
		require.False(t, seen[tok])
		seen[tok] = true
	}
}
