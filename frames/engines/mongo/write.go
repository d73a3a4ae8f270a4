package mongo

import (
	"context"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/sealane/sealane/frames"
	"github.com/sealane/sealane/frames/engine"
)

// WriteMongo runs f (on its own engine) and inserts its rows into coll as
// documents whose fields are f's column names, in batches of 2,000
// documents as the result streams, and returns the number of rows written.
// NULLs are written as explicit nulls. Column types are those the engine
// maps to BSON (see the package doc); others fail before anything is
// written. Rows of batches inserted before an error stay in coll.
func WriteMongo(ctx context.Context, f *frames.Frame, coll *mongo.Collection) (int64, error) {
	if err := f.Err(); err != nil {
		return 0, err
	}
	for _, fd := range f.Schema().Fields() {
		if !supportedType(fd.Type) {
			return 0, engine.Unsupported(Name, "sink collection", fmt.Sprintf("column %q has type %s", fd.Name, fd.Type))
		}
	}
	rdr, err := f.Stream(ctx)
	if err != nil {
		return 0, err
	}
	defer rdr.Release()
	var n int64
	for rdr.Next() {
		rec := rdr.RecordBatch()
		if err := insertRows(ctx, coll, []arrow.RecordBatch{rec}, false); err != nil {
			return n, engine.ContextError(ctx, Name, err)
		}
		n += rec.NumRows()
	}
	if err := rdr.Err(); err != nil {
		return n, err
	}
	return n, nil
}
