package kernel

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/sealane/sealane/internal/echo"
	"github.com/sealane/sealane/kernel/auth"
)

// DSN authentication parameters, spelled as databricks-sql-go spells them
// (its internal/config ParseDSN and auth.ParseAuthType).
const (
	dsnAuthType     = "authType"
	dsnAccessToken  = "accessToken"
	dsnClientID     = "clientID"
	dsnClientIDAlt  = "clientId"
	dsnClientSecret = "clientSecret"
)

// dsnAuthTypes maps databricks-sql-go's authType values, lower-cased (it
// matches them in any case), to the kernel's auth types.
var dsnAuthTypes = map[string]string{
	"pat":      auth.TypePAT,
	"oauthm2m": auth.TypeOAuthM2M,
	"oauthu2m": auth.TypeOAuthU2M,
}

// dsnAuth maps the DSN's authentication parameters onto cfg: authType,
// accessToken, clientID (or clientId) and clientSecret; hasUser tells that
// the DSN had a "token:<PAT>@" user, already in cfg.AccessToken. Empty
// values count as absent, as in databricks-sql-go. Errors name the keys,
// never the values of accessToken or clientSecret.
func dsnAuth(cfg *Config, hasUser bool, q map[string]string) error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: DSN "+format, append([]any{ErrInvalidArgument}, args...)...)
	}
	if q[dsnClientID] != "" && q[dsnClientIDAlt] != "" && q[dsnClientID] != q[dsnClientIDAlt] {
		return bad("parameters %s and %s disagree", dsnClientID, dsnClientIDAlt)
	}
	id := q[dsnClientID]
	if id == "" {
		id = q[dsnClientIDAlt]
	}
	token, secret := q[dsnAccessToken], q[dsnClientSecret]

	typ := ""
	if name := q[dsnAuthType]; name != "" {
		var ok bool
		if typ, ok = dsnAuthTypes[strings.ToLower(name)]; !ok {
			if typ, ok = auth.NormalizeType(name); !ok || typ == "" || typ == auth.TypeAzureClientSecret {
				return bad("parameter %s=%s is not an auth type (Pat, OauthM2M, OauthU2M)", dsnAuthType, echo.Value(name))
			}
		}
	}
	typName := dsnAuthType + "=" + q[dsnAuthType]
	if typ == "" && !hasUser && token == "" && (id != "" || secret != "") {
		typ = auth.TypeOAuthM2M // databricks-sql-go: a client id or secret means M2M
		typName = "OAuth M2M (implied by " + dsnClientID + "/" + dsnClientSecret + ")"
	}

	switch {
	case hasUser && token != "":
		return bad("sets a token twice: in the user (token:<PAT>@) and in %s", dsnAccessToken)
	case hasUser && typ != "" && typ != auth.TypePAT:
		return bad("sets a token (token:<PAT>@) and %s=%s", dsnAuthType, q[dsnAuthType])
	case token != "" && typ != "" && typ != auth.TypePAT:
		return bad("parameter %s goes with %s=Pat only", dsnAccessToken, dsnAuthType)
	case (id != "" || secret != "") && typ != auth.TypeOAuthM2M && typ != auth.TypeOAuthU2M:
		return bad("parameters %s and %s need %s=OauthM2M or OauthU2M", dsnClientID, dsnClientSecret, dsnAuthType)
	}
	switch typ {
	case auth.TypePAT:
		if token == "" && !hasUser {
			return bad("%s=Pat needs %s (or a token:<PAT>@ user)", dsnAuthType, dsnAccessToken)
		}
	case auth.TypeOAuthM2M:
		var missing []string
		if id == "" {
			missing = append(missing, dsnClientID)
		}
		if secret == "" {
			missing = append(missing, dsnClientSecret)
		}
		if len(missing) > 0 {
			return bad("%s needs %s", typName, strings.Join(missing, " and "))
		}
	}
	cfg.AuthType = typ
	if token != "" {
		cfg.AccessToken = token
	}
	cfg.OAuth.ClientID, cfg.OAuth.ClientSecret = id, secret
	return nil
}

// parseDSNQuery decodes a DSN's query; a repeated key keeps its last value.
// A malformed escape is an error naming the key (or saying the key itself
// is malformed), never quoting the value.
func parseDSNQuery(raw string) (map[string]string, error) {
	out := map[string]string{}
	for pair := range strings.SplitSeq(raw, "&") {
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		key, err := url.QueryUnescape(k)
		if err != nil {
			return nil, fmt.Errorf("%w: DSN query has a parameter name with a malformed %%-escape", ErrInvalidArgument)
		}
		val, err := url.QueryUnescape(v)
		if err != nil {
			return nil, fmt.Errorf("%w: DSN parameter %s has a malformed %%-escape (encode %% as %%25)", ErrInvalidArgument, echo.Name(key))
		}
		out[key] = val
	}
	return out, nil
}
