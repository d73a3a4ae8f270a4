package thriftsrv

import (
	"crypto/rand"
	"encoding/hex"
)

// Session and statement ids are UUIDs; a handle's guid is the UUID's 16
// bytes, so a handle maps to its id without a table. The secret is random
// and not checked: the bearer token authenticates every call.

func guidOf(id string) []byte {
	b := make([]byte, 0, 16)
	h := make([]byte, 0, 32)
	for i := 0; i < len(id); i++ {
		if id[i] != '-' {
			h = append(h, id[i])
		}
	}
	b, err := hex.AppendDecode(b, h)
	if err != nil {
		return []byte(id)
	}
	return b
}

func idOf(guid []byte) string {
	if len(guid) != 16 {
		return string(guid)
	}
	h := hex.EncodeToString(guid)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

func secret() []byte {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return b
}
