package kernel

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/sealane/sealane/kernel/auth"
)

// Unified configuration: the environment variables and ~/.databrickscfg
// profiles of the Databricks CLI and SDKs (see ARCHITECTURE.md, "Auth and
// unified configuration").

// defaultProfile is the profile read when none is named.
const defaultProfile = "DEFAULT"

// UnifiedOptions says where LoadUnifiedConfig looks. The zero value reads
// the process environment and ~/.databrickscfg.
type UnifiedOptions struct {
	// Profile names the profile to read (default DATABRICKS_CONFIG_PROFILE,
	// then DEFAULT). A named profile must exist; DEFAULT may be missing.
	Profile string
	// ConfigFile is the profiles file (default DATABRICKS_CONFIG_FILE, then
	// ~/.databrickscfg).
	ConfigFile string
	// Getenv reads the environment (default os.Getenv).
	Getenv func(string) string
}

// unifiedAttr is one setting: its profile key and environment variables.
type unifiedAttr struct {
	key string
	env []string
}

// unifiedAttrs lists the settings read, in the order errors list them.
var unifiedAttrs = []unifiedAttr{
	{key: "host", env: []string{"DATABRICKS_HOST", "DATABRICKS_SERVER_HOSTNAME"}},
	{key: "http_path", env: []string{"DATABRICKS_HTTP_PATH"}},
	{key: "warehouse_id", env: []string{"DATABRICKS_WAREHOUSE_ID"}},
	{key: "auth_type", env: []string{"DATABRICKS_AUTH_TYPE"}},
	{key: "token", env: []string{"DATABRICKS_TOKEN"}},
	{key: "client_id", env: []string{"DATABRICKS_CLIENT_ID"}},
	{key: "client_secret", env: []string{"DATABRICKS_CLIENT_SECRET"}},
	{key: "azure_client_id", env: []string{"ARM_CLIENT_ID", "AZURE_CLIENT_ID"}},
	{key: "azure_client_secret", env: []string{"ARM_CLIENT_SECRET", "AZURE_CLIENT_SECRET"}},
	{key: "azure_tenant_id", env: []string{"ARM_TENANT_ID", "AZURE_TENANT_ID"}},
}

// setting is a value and where it came from ("env DATABRICKS_HOST",
// "profile DEFAULT", "config").
type setting struct{ value, source string }

// ConfigFromEnvironment is LoadUnifiedConfig(Config{}, UnifiedOptions{}):
// the configuration the environment and ~/.databrickscfg describe.
func ConfigFromEnvironment() (Config, error) {
	return LoadUnifiedConfig(Config{}, UnifiedOptions{})
}

// LoadUnifiedConfig fills the connection and credential fields that base
// leaves empty from the environment, then from a ~/.databrickscfg profile,
// as the Databricks CLI and SDKs do: host, http_path, warehouse_id,
// auth_type, token, client_id, client_secret, azure_client_id,
// azure_client_secret, azure_tenant_id (environment variables
// DATABRICKS_HOST, DATABRICKS_HTTP_PATH, DATABRICKS_WAREHOUSE_ID,
// DATABRICKS_AUTH_TYPE, DATABRICKS_TOKEN, DATABRICKS_CLIENT_ID,
// DATABRICKS_CLIENT_SECRET, ARM_CLIENT_ID, ARM_CLIENT_SECRET, ARM_TENANT_ID;
// AZURE_* for ARM_*). Each field is taken from the first of base, the
// environment and the profile that sets it. The auth type is the one given
// or is inferred — a token means pat, a client id and secret oauth-m2m,
// Azure credentials azure-client-secret — and the error for no
// credentials lists what was found (never a secret's value). No network
// call is made.
func LoadUnifiedConfig(base Config, opts UnifiedOptions) (Config, error) {
	getenv := opts.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	found := map[string]setting{}
	explicit := map[string]string{
		"host": base.Host, "http_path": base.HTTPPath, "warehouse_id": base.WarehouseID, "auth_type": base.AuthType,
		"token": base.AccessToken, "client_id": base.OAuth.ClientID, "client_secret": base.OAuth.ClientSecret,
		"azure_tenant_id": base.OAuth.AzureTenantID,
	}
	for k, v := range explicit {
		if v != "" {
			found[k] = setting{v, "config"}
		}
	}
	for _, a := range unifiedAttrs {
		if _, ok := found[a.key]; ok {
			continue
		}
		for _, name := range a.env {
			if v := getenv(name); v != "" {
				found[a.key] = setting{v, "env " + name}
				break
			}
		}
	}
	profile, err := readProfile(opts, getenv)
	if err != nil {
		return Config{}, err
	}
	for k, v := range profile.values {
		if _, ok := found[k]; !ok && v != "" {
			found[k] = setting{v, "profile " + profile.name}
		}
	}
	return applyUnified(base, found)
}

// applyUnified chooses the auth type and fills base from found.
func applyUnified(base Config, found map[string]setting) (Config, error) {
	c := base
	get := func(k string) string { return found[k].value }
	c.Host, c.HTTPPath, c.WarehouseID = get("host"), get("http_path"), get("warehouse_id")
	if c.Auth != nil {
		return c, nil // the caller's Authenticator: no credentials needed
	}
	typ, ok := auth.NormalizeType(get("auth_type"))
	if !ok {
		return Config{}, fmt.Errorf("%w: unknown auth_type %q from %s (supported: %s)",
			ErrInvalidArgument, get("auth_type"), found["auth_type"].source, auth.SupportedTypes)
	}
	has := func(keys ...string) bool {
		for _, k := range keys {
			if get(k) == "" {
				return false
			}
		}
		return true
	}
	if typ == "" {
		o := base.OAuth
		switch {
		case has("token"):
			typ = auth.TypePAT
		case o.ClientID != "" && o.ClientSecret != "" && o.AzureTenantID != "": // as Config.authType infers
			typ = auth.TypeAzureClientSecret
		case has("client_id", "client_secret"):
			typ = auth.TypeOAuthM2M
		case has("azure_client_id", "azure_client_secret", "azure_tenant_id"):
			typ = auth.TypeAzureClientSecret
		default:
			return Config{}, noCredentialsError(found)
		}
	}
	c.AuthType = typ
	switch typ {
	case auth.TypePAT:
		c.AccessToken = get("token")
	case auth.TypeAzureClientSecret:
		c.OAuth.ClientID, c.OAuth.ClientSecret = first(get("azure_client_id"), get("client_id")), first(get("azure_client_secret"), get("client_secret"))
		c.OAuth.AzureTenantID = get("azure_tenant_id")
	default:
		c.OAuth.ClientID, c.OAuth.ClientSecret = get("client_id"), get("client_secret")
	}
	return c, nil
}

// first returns the first non-empty value.
func first(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

// noCredentialsError lists the settings found (names and sources only).
func noCredentialsError(found map[string]setting) error {
	var seen []string
	for _, a := range unifiedAttrs {
		if s, ok := found[a.key]; ok {
			seen = append(seen, a.key+" ("+s.source+")")
		}
	}
	what := "nothing"
	if len(seen) > 0 {
		what = strings.Join(seen, ", ")
	}
	return fmt.Errorf("%w: no credentials: found %s; want token (DATABRICKS_TOKEN), client_id and client_secret "+
		"(DATABRICKS_CLIENT_ID, DATABRICKS_CLIENT_SECRET), azure_client_id, azure_client_secret and azure_tenant_id "+
		"(ARM_CLIENT_ID, ARM_CLIENT_SECRET, ARM_TENANT_ID), or an auth_type (DATABRICKS_AUTH_TYPE=oauth-u2m)",
		ErrInvalidArgument, what)
}

// profileValues is the profile read, if any.
type profileValues struct {
	name   string
	values map[string]string
}

// readProfile reads the profile opts and the environment name.
func readProfile(opts UnifiedOptions, getenv func(string) string) (profileValues, error) {
	name := first(opts.Profile, getenv("DATABRICKS_CONFIG_PROFILE"))
	named := name != ""
	if !named {
		name = defaultProfile
	}
	path := first(opts.ConfigFile, getenv("DATABRICKS_CONFIG_FILE"))
	if path == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			if named {
				return profileValues{}, fmt.Errorf("%w: profile %q: no home directory to find ~/.databrickscfg in", ErrInvalidArgument, name)
			}
			return profileValues{name: name}, nil
		}
		path = filepath.Join(home, ".databrickscfg")
	} else if rest, ok := strings.CutPrefix(path, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			path = filepath.Join(home, rest)
		}
	}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) && !named {
		return profileValues{name: name}, nil
	}
	if err != nil {
		return profileValues{}, fmt.Errorf("%w: profile %q: %w", ErrInvalidArgument, name, err)
	}
	defer func() { _ = f.Close() }()
	ini, err := parseINI(f)
	if err != nil {
		return profileValues{}, fmt.Errorf("%w: config file %s: %w", ErrInvalidArgument, path, err)
	}
	values, ok := ini.sections[name]
	if !ok && named {
		names := slices.Clone(ini.order)
		return profileValues{}, fmt.Errorf("%w: config file %s has no profile %q (profiles: %s)",
			ErrInvalidArgument, path, name, strings.Join(names, ", "))
	}
	return profileValues{name: name, values: values}, nil
}
