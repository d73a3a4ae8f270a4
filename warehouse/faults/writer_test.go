package faults

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestDownloadResetTruncatesBody(t *testing.T) {
	const cut = 10_000
	for _, tc := range []struct {
		name, query string
		cfg         Config
	}{
		{"content-length", "", Config{}},
		{"chunked", "&chunked=1", Config{}},
		{"paced", "", Config{DownloadBandwidth: 1 << 20}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := tc.cfg
			cfg.ResetAfterBytes, cfg.ResetCount = cut, 1
			f := newFixture(t, cfg)

			r := f.get(t, "/download?size=100000"+tc.query)
			require.Equal(t, http.StatusOK, r.status)
			require.ErrorIs(t, r.readErr, io.ErrUnexpectedEOF)
			require.Len(t, r.body, cut)
			require.Equal(t, pattern(100000)[:cut], r.body)

			// The count is used up: the next download is whole.
			r = f.get(t, "/download?size=100000"+tc.query)
			require.NoError(t, r.readErr)
			require.Equal(t, pattern(100000), r.body)

			s := f.in.Stats()
			require.EqualValues(t, 1, s.Resets[CallDownload])
			require.EqualValues(t, 1, s.TotalResets)
			require.EqualValues(t, 2, f.backend.calls.Load())
		})
	}
}

func TestResetAtZeroBytes(t *testing.T) {
	f := newFixture(t, Config{ResetCount: 1})
	r := f.get(t, "/download?size=5000")
	require.ErrorIs(t, r.readErr, io.ErrUnexpectedEOF)
	require.Empty(t, r.body)
}

func TestResetSparesShortBodies(t *testing.T) {
	f := newFixture(t, Config{ResetAfterBytes: 4096, ResetRate: 1})
	for _, size := range []int{100, 4096} {
		r := f.get(t, "/download?size="+strconv.Itoa(size))
		require.NoError(t, r.readErr)
		require.Equal(t, pattern(size), r.body)
	}
	require.Zero(t, f.in.Stats().TotalResets)
	r := f.get(t, "/download?size=4097")
	require.ErrorIs(t, r.readErr, io.ErrUnexpectedEOF)
	require.Len(t, r.body, 4096)
}

func TestResetRateIsReproducible(t *testing.T) {
	run := func() []bool {
		f := newFixture(t, Config{Seed: 5, ResetAfterBytes: 100, ResetRate: 0.5})
		out := make([]bool, 40)
		for i := range out {
			out[i] = f.get(t, "/download?size=1000").readErr != nil
		}
		return out
	}
	first := run()
	require.Equal(t, first, run())
	require.Contains(t, first, true)
	require.Contains(t, first, false)
}

func TestResetNeverTouchesAPICalls(t *testing.T) {
	f := newFixture(t, Config{ResetAfterBytes: 0, ResetRate: 1})
	r := f.get(t, "/get_chunk")
	require.NoError(t, r.readErr)
	require.Equal(t, "ok", string(r.body))
}

func TestBandwidthCap(t *testing.T) {
	const size = 256 << 10
	f := newFixture(t, Config{DownloadBandwidth: 1 << 20})
	start := time.Now()
	r := f.get(t, "/download?size="+strconv.Itoa(size))
	require.GreaterOrEqual(t, time.Since(start), 200*time.Millisecond)
	require.NoError(t, r.readErr)
	require.Equal(t, pattern(size), r.body)
}

func TestBandwidthCapHonoursContext(t *testing.T) {
	in := New(Config{DownloadBandwidth: 1024}) // 1 MiB would take 17 minutes
	be := &backend{writeErr: make(chan error, 1)}
	f := &fixture{in: in, backend: be}
	f.srv = newServer(t, in.Middleware(pathCall, be))

	ctx, cancel := context.WithCancel(t.Context())
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, f.srv.URL+"/download?size=1048576", nil)
	require.NoError(t, err)
	resp, err := f.srv.Client().Do(req)
	require.NoError(t, err)
	_, err = io.ReadFull(resp.Body, make([]byte, 100))
	require.NoError(t, err)
	cancel()
	resp.Body.Close()

	select {
	case err := <-be.writeErr:
		require.Error(t, err)
	case <-time.After(guard):
		t.Fatal("paced write kept going after the client went away")
	}
}

func TestWrapperKeepsFlusherAndController(t *testing.T) {
	for name, cfg := range map[string]Config{
		"bandwidth": {DownloadBandwidth: 1 << 30},
		"reset":     {ResetAfterBytes: 1 << 30, ResetCount: 1},
	} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t, cfg)
			checked := make(chan error, 1)
			f.backend.onServe = func(w http.ResponseWriter, _ *http.Request) {
				_, wrapped := w.(*faultWriter)
				_, isFlusher := w.(http.Flusher)
				rc := http.NewResponseController(w)
				w.WriteHeader(http.StatusOK)
				switch {
				case !wrapped:
					checked <- errNotWrapped
				case !isFlusher:
					checked <- errNotFlusher
				default:
					if err := rc.Flush(); err != nil {
						checked <- err
					} else {
						checked <- rc.SetWriteDeadline(time.Now().Add(guard))
					}
				}
			}
			r := f.get(t, "/download")
			require.NoError(t, <-checked)
			require.NoError(t, r.readErr)
			require.Equal(t, pattern(1024), r.body)
		})
	}
}
