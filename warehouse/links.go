package warehouse

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse/results"
)

// linkPrefix is the route of presigned chunk downloads served by the
// warehouse itself (the stand-in for cloud storage).
const linkPrefix = "/sealane/results/"

// linkHeader carries the signature when Config.LinkHeaders is set, so that
// clients must echo http_headers.
const linkHeader = "X-Sealane-Link-Signature"

// externalLink mints a signed URL for chunk k, valid for at least LinkTTL:
// the expiration, which goes out in whole seconds, is rounded up. iat is in
// milliseconds so that Faults.LinkLifetime is measured precisely.
func (s *Server) externalLink(r *http.Request, id string, res *results.Result, k int) sea.ExternalLink {
	c := res.ChunkInfo(k)
	now := time.Now()
	exp := now.Add(s.cfg.LinkTTL + time.Second - 1).Truncate(time.Second)
	sig := s.sign(id, k, exp.Unix(), now.UnixMilli())
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	url := fmt.Sprintf("%s://%s%s%s/%d?exp=%d&iat=%d", scheme, r.Host, linkPrefix, id, k, exp.Unix(), now.UnixMilli())
	link := sea.ExternalLink{
		Expiration: sea.Time{Time: exp}, ChunkIndex: k, RowOffset: c.RowOffset, RowCount: c.RowCount, ByteCount: c.ByteCount,
	}
	if s.cfg.LinkHeaders {
		link.HTTPHeaders = map[string]string{linkHeader: sig}
	} else {
		url += "&sig=" + sig
	}
	link.ExternalLink = url
	if k+1 < res.NumChunks() {
		link.NextChunkIndex = sea.IntPtr(k + 1)
		link.NextChunkInternalLink = sea.ChunkPath(id, k+1)
	}
	return link
}

func (s *Server) sign(id string, k int, exp, iat int64) string {
	m := hmac.New(sha256.New, s.linkKey)
	fmt.Fprintf(m, "%s\n%d\n%d\n%d", id, k, exp, iat)
	return hex.EncodeToString(m.Sum(nil))
}

// handleDownload serves a chunk's bytes to the holder of a valid link. Like
// cloud storage it answers failures with 403 and an XML body.
func (s *Server) handleDownload(w http.ResponseWriter, r *http.Request) {
	id, kText := r.PathValue("id"), r.PathValue("n")
	q := r.URL.Query()
	if r.Header.Get("Authorization") != "" {
		storageError(w, http.StatusForbidden, "InvalidArgument", "Only one auth mechanism allowed; an Authorization header must not accompany a presigned URL.")
		return
	}
	k, err1 := strconv.Atoi(kText)
	exp, err2 := strconv.ParseInt(q.Get("exp"), 10, 64)
	iat, err3 := strconv.ParseInt(q.Get("iat"), 10, 64)
	sig := q.Get("sig")
	if s.cfg.LinkHeaders {
		sig = r.Header.Get(linkHeader)
	}
	if err1 != nil || err2 != nil || err3 != nil || !hmac.Equal([]byte(sig), []byte(s.sign(id, k, exp, iat))) {
		storageError(w, http.StatusForbidden, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.")
		return
	}
	now := time.Now()
	if now.Unix() >= exp {
		storageError(w, http.StatusForbidden, "AccessDenied", "Request has expired")
		return
	}
	if lt := s.cfg.Faults.LinkLifetime; lt > 0 && now.Sub(time.UnixMilli(iat)) > lt {
		storageError(w, http.StatusForbidden, "AccessDenied", "Request has expired")
		return
	}
	st, err := s.lookupStatement(id)
	if err != nil {
		storageError(w, http.StatusNotFound, "NoSuchKey", "The specified key does not exist.")
		return
	}
	snap := st.Snapshot()
	if snap.Result == nil || k < 0 || k >= snap.Result.NumChunks() {
		storageError(w, http.StatusNotFound, "NoSuchKey", "The specified key does not exist.")
		return
	}
	b := snap.Result.ChunkData(k)
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Length", strconv.FormatInt(b.Size(), 10))
	w.WriteHeader(http.StatusOK)
	_, _ = io.Copy(w, b.Reader())
}

func storageError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(status)
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>%s</Code><Message>%s</Message></Error>`, code, msg)
}
