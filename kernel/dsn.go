package kernel

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/sealane/sealane/internal/echo"
)

// ParseDSN reads a DSN in databricks-sql-go's form:
//
//	token:<PAT>@<host>[:<port>]/sql/1.0/warehouses/<id>[?catalog=c&schema=s&…]
//	<host>[:<port>]/sql/1.0/warehouses/<id>?authType=OauthM2M&clientID=<id>&clientSecret=<secret>[&…]
//	<host>[:<port>]/sql/1.0/warehouses/<id>?authType=OauthU2M[&clientID=<id>][&…]
//
// with an optional "https://" (the default) or "http://" (a local
// warehouse) prefix. Authentication follows databricks-sql-go: a "token"
// user is a personal access token; otherwise authType (Pat, OauthM2M or
// OauthU2M, any case; the kernel's AuthType names are accepted too),
// accessToken (Pat), clientID or clientId and clientSecret map onto
// AuthType, AccessToken and OAuth; a client id or secret without authType
// means OauthM2M. Other query parameters: catalog, schema, userAgentEntry,
// timeout (seconds or a Go duration: RequestTimeout), maxRows / batchRows
// (BatchRows), cloudFetchParallel, cloudFetchLinkParallel,
// cloudFetchJDBCUserAgent (true/false), cloudFetchMemoryBudget (bytes),
// compression (lz4, the default, or none: Config.Compression), and any
// other key is a session conf only when prefixed "conf." (e.g.
// conf.TIMEZONE=UTC). Unknown keys are an error naming them; errors never
// carry a token or secret.
func ParseDSN(dsn string) (Config, error) {
	var cfg Config
	scheme := "https"
	rest := dsn
	if s, r, ok := strings.Cut(dsn, "://"); ok {
		if s != "http" && s != "https" {
			if len(s) <= echo.MaxValue && echo.IsName(s) {
				return cfg, fmt.Errorf("%w: DSN scheme %q (want http or https)", ErrInvalidArgument, s)
			}
			// Not a scheme at all: most likely token:<PAT>@ written before
			// the scheme, so it is not quoted.
			return cfg, fmt.Errorf("%w: DSN: the text before \"://\" is not http or https "+
				"(write [https://]token:<PAT>@host/…)", ErrInvalidArgument)
		}
		scheme, rest = s, r
	}
	u, err := url.Parse("x://" + rest)
	if err != nil {
		return cfg, fmt.Errorf("%w: DSN is malformed: %s", ErrInvalidArgument, redact(err))
	}
	if u.User != nil {
		if u.User.Username() != "token" {
			return cfg, fmt.Errorf("%w: DSN user must be \"token\" (token:<PAT>@host)", ErrInvalidArgument)
		}
		if pw, ok := u.User.Password(); ok {
			cfg.AccessToken = pw
		}
	}
	if u.Host == "" {
		return cfg, fmt.Errorf("%w: DSN has no host", ErrInvalidArgument)
	}
	cfg.Host = scheme + "://" + u.Host
	cfg.HTTPPath = u.Path
	query, err := parseDSNQuery(u.RawQuery)
	if err != nil {
		return cfg, err
	}
	if err := dsnAuth(&cfg, u.User != nil, query); err != nil {
		return cfg, err
	}
	for key, v := range query {
		switch key {
		case dsnAuthType, dsnAccessToken, dsnClientID, dsnClientIDAlt, dsnClientSecret: // dsnAuth's
		case "catalog":
			cfg.Catalog = v
		case "schema":
			cfg.Schema = v
		case "userAgentEntry":
			cfg.UserAgentEntry = v
		case "timeout":
			if cfg.RequestTimeout, err = durationParam(key, v); err != nil {
				return cfg, err
			}
		case "maxRows", "batchRows":
			if cfg.BatchRows, err = strconv.Atoi(v); err != nil {
				return cfg, fmt.Errorf("%w: DSN parameter %s=%s is not an integer", ErrInvalidArgument, key, echo.Value(v))
			}
		case "cloudFetchParallel":
			if cfg.CloudFetch.Parallel, err = strconv.Atoi(v); err != nil || cfg.CloudFetch.Parallel <= 0 {
				return cfg, fmt.Errorf("%w: DSN parameter %s=%s is not a positive integer", ErrInvalidArgument, key, echo.Value(v))
			}
		case "cloudFetchLinkParallel":
			if cfg.CloudFetch.LinkParallel, err = strconv.Atoi(v); err != nil || cfg.CloudFetch.LinkParallel <= 0 {
				return cfg, fmt.Errorf("%w: DSN parameter %s=%q is not a positive integer", ErrInvalidArgument, key, v)
			}
		case "cloudFetchJDBCUserAgent":
			b, ok := parseBool(v)
			if !ok {
				return cfg, fmt.Errorf("%w: DSN parameter %s=%q is not true or false", ErrInvalidArgument, key, v)
			}
			cfg.CloudFetch.JDBCUserAgent = b
		case "compression":
			if cfg.Compression, err = ParseCompression(v); err != nil {
				return cfg, fmt.Errorf("%w: DSN parameter %s=%s is not lz4 or none", ErrInvalidArgument, key, echo.Value(v))
			}
		case "cloudFetchMemoryBudget":
			if cfg.CloudFetch.MemoryBudget, err = strconv.ParseInt(v, 10, 64); err != nil || cfg.CloudFetch.MemoryBudget <= 0 {
				return cfg, fmt.Errorf("%w: DSN parameter %s=%s is not a positive byte count", ErrInvalidArgument, key, echo.Value(v))
			}
		default:
			conf, ok := strings.CutPrefix(key, "conf.")
			if !ok || conf == "" {
				return cfg, fmt.Errorf("%w: unknown DSN parameter %s", ErrInvalidArgument, echo.Name(key))
			}
			if cfg.SessionConfs == nil {
				cfg.SessionConfs = map[string]string{}
			}
			cfg.SessionConfs[conf] = v
		}
	}
	return cfg, nil
}

func durationParam(key, v string) (time.Duration, error) {
	if s, err := strconv.Atoi(v); err == nil && s > 0 {
		return time.Duration(s) * time.Second, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%w: DSN parameter %s=%s is not a positive duration", ErrInvalidArgument, key, echo.Value(v))
	}
	return d, nil
}

// redact describes a URL parse error without any of the DSN's text: the
// errors of net/url quote the offending part (a host, a port, an escape),
// which can be a token written in the wrong place.
func redact(err error) string {
	var escape url.EscapeError
	var host url.InvalidHostError
	switch {
	case errors.As(err, &escape):
		return "a malformed %-escape (encode % as %25)"
	case errors.As(err, &host):
		return "an invalid character in the host"
	case strings.Contains(err.Error(), "invalid port"):
		return "an invalid port after the host (a token goes before the host: token:<PAT>@host)"
	}
	return "not a URL of the form [https://][token:<PAT>@]host[:port]/path[?query]"
}

// parseBool reads true/false (also 1/0, yes/no, on/off, any case).
func parseBool(v string) (bool, bool) {
	switch strings.ToLower(v) {
	case "true", "1", "yes", "on":
		return true, true
	case "false", "0", "no", "off":
		return false, true
	}
	return false, false
}
