package warehouse

import (
	"bytes"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/sealane/sealane/sea"
)

// FuzzExecuteRequest feeds arbitrary bodies to what POST /statements does
// before it registers a statement: decodeBody and validateExecute. It must
// never panic; every refusal is an API error with a 4xx status and an
// error code; and an accepted request is one the rest of the server can
// rely on: a statement within 16 MiB, a valid disposition/format pair, a
// wait of 0 or 5..50 s, and parameters that are all named or all
// positional. The seed corpus is in testdata/fuzz/FuzzExecuteRequest.
func FuzzExecuteRequest(f *testing.F) {
	f.Add([]byte(`{"statement":"SELECT 1","warehouse_id":"local"}`))
	f.Add([]byte(`{"statement":"SELECT 1","warehouse_id":"local","wait_timeout":"92233720368570s"}`))
	s := &Server{cfg: Config{}.withDefaults()}
	f.Fuzz(func(t *testing.T, body []byte) {
		r := httptest.NewRequest(http.MethodPost, "/statements", bytes.NewReader(body))
		var req sea.ExecuteStatementRequest
		err := decodeBody(r, &req, true)
		var wait time.Duration
		var present bool
		if err == nil {
			wait, present, err = s.validateExecute(&req)
		}
		if err != nil {
			var ae *apiError
			if !errors.As(err, &ae) {
				t.Fatalf("%q: refusal %v is not an API error", body, err)
			}
			if ae.status < 400 || ae.status >= 500 || ae.code == "" || ae.msg == "" {
				t.Fatalf("%q: refusal %d %q %q", body, ae.status, ae.code, ae.msg)
			}
			return
		}
		switch {
		case req.Statement == "" || len(req.Statement) > maxStatementBytes:
			t.Fatalf("%q: accepted a statement of %d bytes", body, len(req.Statement))
		case !req.Disposition.Valid() || !req.Format.Valid() || !req.ResultCompression.Valid() || !req.OnWaitTimeout.Valid():
			t.Fatalf("%q: accepted %+v", body, req)
		case req.Disposition == sea.DispositionInline && req.Format != sea.FormatJSONArray:
			t.Fatalf("%q: accepted INLINE %s", body, req.Format)
		case present != (req.WaitTimeout != ""):
			t.Fatalf("%q: wait_timeout %q present = %v", body, req.WaitTimeout, present)
		case wait != 0 && (wait < sea.MinWaitTimeout || wait > sea.MaxWaitTimeout):
			t.Fatalf("%q: accepted wait_timeout %q as %v", body, req.WaitTimeout, wait)
		case req.RowLimit < 0 || req.ByteLimit < 0:
			t.Fatalf("%q: accepted negative limits", body)
		case len(req.Parameters) > maxParameters:
			t.Fatalf("%q: accepted %d parameters", body, len(req.Parameters))
		}
		named, positional := 0, 0
		for _, p := range req.Parameters {
			if p.Name != "" {
				named++
			} else {
				positional++
			}
		}
		if named > 0 && positional > 0 {
			t.Fatalf("%q: accepted mixed parameters", body)
		}
	})
}
