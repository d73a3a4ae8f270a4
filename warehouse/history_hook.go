package warehouse

import (
	"context"
	"crypto/subtle"
	"net/http"
	"strconv"
	"time"

	"github.com/sealane/sealane/sea"
	"github.com/sealane/sealane/warehouse/history"
	"github.com/sealane/sealane/warehouse/statements"
)

// user is who sent a request, as Query History reports it. The warehouse
// has no user directory: a personal access token is user "token-<n>" (its
// position among Config.Tokens, id n), an OAuth token is "oauth" (id
// 1000), and with NoAuth everyone is "anonymous" (id 0). Never the token.
type user struct {
	id   int64
	name string
}

type userKey struct{}

func withUser(ctx context.Context, u user) context.Context {
	return context.WithValue(ctx, userKey{}, u)
}

func userFrom(ctx context.Context) user {
	if u, ok := ctx.Value(userKey{}).(user); ok {
		return u
	}
	return user{id: 0, name: "anonymous"}
}

// userOf names the holder of a valid token.
func (s *Server) userOf(token string) user {
	for i, t := range s.cfg.Tokens {
		if subtle.ConstantTimeCompare([]byte(t), []byte(token)) == 1 {
			return user{id: int64(i + 1), name: "token-" + strconv.Itoa(i+1)}
		}
	}
	return user{id: 1000, name: "oauth"}
}

// History returns the warehouse's Query History.
func (s *Server) History() *history.Log { return s.history }

// recordStart enters a submitted statement into Query History.
func (s *Server) recordStart(r *http.Request, st *statements.Statement) {
	u := userFrom(r.Context())
	sid := ""
	if ss := st.Session(); ss != nil {
		sid = ss.ID()
	}
	req := st.Request()
	s.history.Start(history.Start{ID: st.ID(), Text: req.Statement, Parameters: req.Parameters,
		SessionID: sid, UserID: u.id, UserName: u.name, UserAgent: r.UserAgent(), Time: st.Created()})
}

// recordCancel enters a cancel request into Query History at once, as the
// statement API reports CANCELED at once; the engine may take a moment to
// stop. A statement that had already finished is left as it was.
func (s *Server) recordCancel(st *statements.Statement) {
	if st.Snapshot().State == sea.StateCanceled {
		s.history.Finish(st.ID(), history.Outcome{State: sea.StateCanceled, Time: time.Now()})
	}
}
