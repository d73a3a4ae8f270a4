package sqldriver_test

import (
	"context"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/stretchr/testify/require"

	"github.com/sealane/sealane/kernel"
	"github.com/sealane/sealane/sqldriver"
)

func TestMetadataHelpers(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	for _, q := range []string{
		"CREATE CATALOG sq_1",
		"CREATE SCHEMA sq_1.shop",
		"CREATE TABLE sq_1.shop.items (id BIGINT NOT NULL, price DECIMAL(10,2))",
		"CREATE VIEW sq_1.shop.cheap AS SELECT id FROM sq_1.shop.items",
	} {
		_, err := db.ExecContext(ctx, q)
		require.NoError(t, err, q)
	}

	cats, err := sqldriver.Catalogs(ctx, db, `sq\_%`)
	require.NoError(t, err)
	require.Equal(t, []string{"sq_1"}, cats)

	schemas, err := sqldriver.Schemas(ctx, db, "sq_1", "sh%")
	require.NoError(t, err)
	require.Equal(t, []kernel.SchemaInfo{{Catalog: "sq_1", Schema: "shop"}}, schemas)

	tables, err := sqldriver.Tables(ctx, db, "sq_1", "shop", "%", "VIEW")
	require.NoError(t, err)
	require.Len(t, tables, 1)
	require.Equal(t, "cheap", tables[0].Table)
	require.Equal(t, "VIEW", tables[0].TableType)

	cols, err := sqldriver.Columns(ctx, db, "sq_1", "shop", "items", "")
	require.NoError(t, err)
	require.Len(t, cols, 2)
	require.Equal(t, "price", cols[1].Column)
	require.Equal(t, "DECIMAL(10,2)", cols[1].TypeText)
	require.Equal(t, int32(2), *cols[1].OrdinalPosition)

	sc, err := sqldriver.TableSchema(ctx, db, "sq_1", "shop", "items")
	require.NoError(t, err)
	require.Equal(t, &arrow.Decimal128Type{Precision: 10, Scale: 2}, sc.Field(1).Type)
	require.False(t, sc.Field(0).Nullable)

	_, err = sqldriver.TableSchema(ctx, db, "sq_1", "shop", "missing")
	require.ErrorIs(t, err, kernel.ErrNotFound)
}
