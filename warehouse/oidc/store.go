package oidc

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"time"
)

// TokenPrefix starts every access token, refresh token and authorization
// code the server issues, so that secret scanners and humans can spot them.
const TokenPrefix = "sl-oauth-"

// pruneInterval is the least clock time between two sweeps of expired entries.
const pruneInterval = time.Minute

// kind tells what a stored credential is.
type kind uint8

const (
	kindCode kind = iota + 1
	kindAccess
	kindRefresh
)

// entry is what the server remembers about one issued credential.
type entry struct {
	kind     kind
	expires  time.Time
	clientID string
	scope    []string
	// family identifies one authorization: a client_credentials grant, or an
	// authorization code and every token descended from it.
	family uint64
	// used marks a redeemed code or a rotated refresh token. It is kept until
	// it expires so that a replay can be told from an unknown credential.
	used bool

	// For codes only.
	redirectURI   string
	codeChallenge string
}

// Errors of store.claim.
var (
	errUnknown = errors.New("unknown or expired credential")
	errReplay  = errors.New("credential already used")
)

// store holds issued credentials keyed by the SHA-256 of their value. It is
// not safe for concurrent use: Server.mu guards it.
type store struct {
	entries    map[[sha256.Size]byte]*entry
	lastFamily uint64
	nextPrune  time.Time
}

func newStore() *store {
	return &store{entries: make(map[[sha256.Size]byte]*entry)}
}

// newFamily returns a fresh authorization identifier.
func (st *store) newFamily() uint64 {
	st.lastFamily++
	return st.lastFamily
}

// put stores e under a new random credential and returns the credential.
// It prunes expired entries at most once per pruneInterval of clock time.
func (st *store) put(now time.Time, e *entry) string {
	if !now.Before(st.nextPrune) {
		st.prune(now)
		st.nextPrune = now.Add(pruneInterval)
	}
	for {
		tok := newToken()
		h := sha256.Sum256([]byte(tok))
		if _, dup := st.entries[h]; dup {
			continue // 2^-256; cheap to be exact anyway
		}
		st.entries[h] = e
		return tok
	}
}

// get returns the entry of tok, expired or not.
func (st *store) get(tok string) (*entry, bool) {
	e, ok := st.entries[sha256.Sum256([]byte(tok))]
	return e, ok
}

// remove forgets tok.
func (st *store) remove(tok string) {
	delete(st.entries, sha256.Sum256([]byte(tok)))
}

// claim returns the entry of the single-use credential tok of kind k, for
// the caller to check and then mark used. An unknown, expired or wrong-kind
// credential gives errUnknown. A credential already used gives errReplay,
// after revoking its whole family.
func (st *store) claim(now time.Time, tok string, k kind) (*entry, error) {
	e, ok := st.get(tok)
	if !ok || e.kind != k || !now.Before(e.expires) {
		return nil, errUnknown
	}
	if e.used {
		st.revokeFamily(e.family)
		return nil, errReplay
	}
	return e, nil
}

// revokeFamily forgets every entry of family f.
func (st *store) revokeFamily(f uint64) {
	for h, e := range st.entries {
		if e.family == f {
			delete(st.entries, h)
		}
	}
}

// prune forgets every entry that has expired at now.
func (st *store) prune(now time.Time) {
	for h, e := range st.entries {
		if !now.Before(e.expires) {
			delete(st.entries, h)
		}
	}
}

// newToken returns TokenPrefix followed by 256 random bits in base64url.
func newToken() string {
	var b [32]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand, Go >= 1.24)
	return TokenPrefix + base64.RawURLEncoding.EncodeToString(b[:])
}
