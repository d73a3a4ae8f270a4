package kernel_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/kernel"
	"github.com/sealane/sealane/kernel/auth"
)

// databrickscfg is a profiles file as the CLI writes it, with the INI
// features the parser must handle.
const databrickscfg = "\ufeff; comment\n" + `# another comment
[DEFAULT]
host  = https://default.cloud.databricks.com
token = dapi-default-secret
warehouse_id = wh-default

[m2m]
host = "https://m2m.cloud.databricks.com"
client_id = sp-app
client_secret = sp-profile-secret
HTTP_PATH: /sql/1.0/warehouses/wh-m2m

[azure]
host = https://adb-1.azuredatabricks.net
azure_client_id = az-app
azure_client_secret = az-profile-secret
azure_tenant_id = az-tenant

[cli]
host = https://cli.cloud.databricks.com
auth_type = databricks-cli

[empty]
warehouse_id = wh-empty
`

func writeCfg(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "databrickscfg")
	require.NoError(t, os.WriteFile(p, []byte(text), 0o600))
	return p
}

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestUnifiedProfiles(t *testing.T) {
	path := writeCfg(t, databrickscfg)
	load := func(profile string, env map[string]string) (kernel.Config, error) {
		return kernel.LoadUnifiedConfig(kernel.Config{}, kernel.UnifiedOptions{Profile: profile, ConfigFile: path, Getenv: envOf(env)})
	}

	c, err := load("", nil) // DEFAULT
	require.NoError(t, err)
	require.Equal(t, "https://default.cloud.databricks.com", c.Host)
	require.Equal(t, "wh-default", c.WarehouseID)
	require.Equal(t, auth.TypePAT, c.AuthType)
	require.Equal(t, "dapi-default-secret", c.AccessToken)

	c, err = load("m2m", nil) // named: DEFAULT is not inherited
	require.NoError(t, err)
	require.Equal(t, "https://m2m.cloud.databricks.com", c.Host, "quotes are stripped")
	require.Equal(t, "/sql/1.0/warehouses/wh-m2m", c.HTTPPath, "keys are case-insensitive, ':' separates")
	require.Empty(t, c.WarehouseID)
	require.Empty(t, c.AccessToken)
	require.Equal(t, auth.TypeOAuthM2M, c.AuthType)
	require.Equal(t, "sp-app", c.OAuth.ClientID)
	require.Equal(t, "sp-profile-secret", c.OAuth.ClientSecret)

	c, err = load("", map[string]string{"DATABRICKS_CONFIG_PROFILE": "azure"})
	require.NoError(t, err)
	require.Equal(t, auth.TypeAzureClientSecret, c.AuthType)
	require.Equal(t, "az-app", c.OAuth.ClientID)
	require.Equal(t, "az-profile-secret", c.OAuth.ClientSecret)
	require.Equal(t, "az-tenant", c.OAuth.AzureTenantID)

	c, err = load("cli", nil)
	require.NoError(t, err)
	require.Equal(t, auth.TypeOAuthU2M, c.AuthType, "the CLI's auth_type maps to U2M")

	_, err = load("nope", nil)
	require.ErrorIs(t, err, kernel.ErrInvalidArgument)
	require.ErrorContains(t, err, `has no profile "nope" (profiles: DEFAULT, m2m, azure, cli, empty)`)
}

// TestUnifiedPrecedence: explicit Config fields > environment > profile,
// field by field.
func TestUnifiedPrecedence(t *testing.T) {
	path := writeCfg(t, databrickscfg)
	env := map[string]string{"DATABRICKS_HOST": "https://env.cloud.databricks.com", "DATABRICKS_HTTP_PATH": "/sql/1.0/warehouses/wh-env"}
	c, err := kernel.LoadUnifiedConfig(kernel.Config{}, kernel.UnifiedOptions{ConfigFile: path, Getenv: envOf(env)})
	require.NoError(t, err)
	require.Equal(t, "https://env.cloud.databricks.com", c.Host, "env over profile")
	require.Equal(t, "/sql/1.0/warehouses/wh-env", c.HTTPPath)
	require.Equal(t, "wh-default", c.WarehouseID, "the profile fills what env leaves")
	require.Equal(t, "dapi-default-secret", c.AccessToken)

	env["DATABRICKS_TOKEN"] = "dapi-env-secret"
	env["DATABRICKS_CONFIG_FILE"] = path
	base := kernel.Config{Host: "https://explicit.cloud.databricks.com", Catalog: "main"}
	c, err = kernel.LoadUnifiedConfig(base, kernel.UnifiedOptions{Getenv: envOf(env)})
	require.NoError(t, err)
	require.Equal(t, "https://explicit.cloud.databricks.com", c.Host, "explicit over env")
	require.Equal(t, "dapi-env-secret", c.AccessToken, "env over profile")
	require.Equal(t, "main", c.Catalog, "other fields are kept")

	// Environment credentials pick the auth type: M2M, Azure (ARM_* or AZURE_*).
	c, err = kernel.LoadUnifiedConfig(kernel.Config{}, kernel.UnifiedOptions{ConfigFile: filepath.Join(t.TempDir(), "none"),
		Getenv: envOf(map[string]string{"DATABRICKS_CLIENT_ID": "id", "DATABRICKS_CLIENT_SECRET": "s"})})
	require.NoError(t, err)
	require.Equal(t, auth.TypeOAuthM2M, c.AuthType)
	c, err = kernel.LoadUnifiedConfig(kernel.Config{}, kernel.UnifiedOptions{ConfigFile: filepath.Join(t.TempDir(), "none"),
		Getenv: envOf(map[string]string{"ARM_CLIENT_ID": "id", "AZURE_CLIENT_SECRET": "s", "ARM_TENANT_ID": "tn"})})
	require.NoError(t, err)
	require.Equal(t, auth.TypeAzureClientSecret, c.AuthType)
	require.Equal(t, "tn", c.OAuth.AzureTenantID)

	// An explicit auth type wins over inference.
	c, err = kernel.LoadUnifiedConfig(kernel.Config{AuthType: "oauth_u2m"}, kernel.UnifiedOptions{ConfigFile: path, Getenv: envOf(nil)})
	require.NoError(t, err)
	require.Equal(t, auth.TypeOAuthU2M, c.AuthType)
	require.Empty(t, c.AccessToken)
}

// TestUnifiedMissingCredentials: the error lists what was found and where,
// never a value.
func TestUnifiedMissingCredentials(t *testing.T) {
	path := writeCfg(t, databrickscfg)
	env := map[string]string{"DATABRICKS_HOST": "https://env.example", "DATABRICKS_CLIENT_SECRET": "lonely-secret-Qz"}
	_, err := kernel.LoadUnifiedConfig(kernel.Config{}, kernel.UnifiedOptions{Profile: "empty", ConfigFile: path, Getenv: envOf(env)})
	require.ErrorIs(t, err, kernel.ErrInvalidArgument)
	require.ErrorContains(t, err, "no credentials: found host (env DATABRICKS_HOST), warehouse_id (profile empty), client_secret (env DATABRICKS_CLIENT_SECRET); want token")
	requireNoSecrets(t, err.Error(), "lonely-secret-Qz", "https://env.example")

	_, err = kernel.LoadUnifiedConfig(kernel.Config{}, kernel.UnifiedOptions{ConfigFile: filepath.Join(t.TempDir(), "missing"), Getenv: envOf(nil)})
	require.ErrorContains(t, err, "no credentials: found nothing")

	_, err = kernel.LoadUnifiedConfig(kernel.Config{}, kernel.UnifiedOptions{Profile: "x", ConfigFile: filepath.Join(t.TempDir(), "missing"), Getenv: envOf(nil)})
	require.ErrorContains(t, err, `profile "x"`)

	_, err = kernel.LoadUnifiedConfig(kernel.Config{}, kernel.UnifiedOptions{ConfigFile: path, Getenv: envOf(map[string]string{"DATABRICKS_AUTH_TYPE": "kerberos"})})
	require.ErrorContains(t, err, `unknown auth_type "kerberos" from env DATABRICKS_AUTH_TYPE`)

	bad := writeCfg(t, "[DEFAULT]\ntoken dapi-in-a-broken-line\n")
	_, err = kernel.LoadUnifiedConfig(kernel.Config{}, kernel.UnifiedOptions{ConfigFile: bad, Getenv: envOf(nil)})
	require.ErrorContains(t, err, "line 2: want key = value")
	requireNoSecrets(t, err.Error(), "dapi-in-a-broken-line")
}

// TestConfigFromEnvironment reads the real environment and ~/.databrickscfg.
func TestConfigFromEnvironment(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("USERPROFILE", home)
	for _, k := range []string{"DATABRICKS_CONFIG_FILE", "DATABRICKS_CONFIG_PROFILE", "DATABRICKS_TOKEN", "DATABRICKS_AUTH_TYPE",
		"DATABRICKS_CLIENT_ID", "DATABRICKS_CLIENT_SECRET", "DATABRICKS_HTTP_PATH", "DATABRICKS_WAREHOUSE_ID"} {
		t.Setenv(k, "")
	}
	require.NoError(t, os.WriteFile(filepath.Join(home, ".databrickscfg"), []byte(databrickscfg), 0o600))
	t.Setenv("DATABRICKS_HOST", "https://env-host.example")
	c, err := kernel.ConfigFromEnvironment()
	require.NoError(t, err)
	require.Equal(t, "https://env-host.example", c.Host)
	require.Equal(t, "dapi-default-secret", c.AccessToken)
}

// requireNoSecrets fails when s contains one of secrets.
func requireNoSecrets(t *testing.T, s string, secrets ...string) {
	t.Helper()
	for _, sec := range secrets {
		if sec != "" {
			require.NotContains(t, s, sec)
		}
	}
}
