// Package rows maps Go structs to Arrow schemas and record batches and back,
// and validates untyped Arrow data against a struct's schema.
//
// # Struct mapping
//
// [SchemaOf] derives one column per exported struct field, in field order;
// embedded (anonymous, untagged) structs are flattened as in encoding/json.
// The tag `frame:"name"` renames a column, `frame:"-"` skips the field, and
// options follow the name after commas: `frame:"price,decimal(18,2)"`.
//
//	Go field type                      Arrow column
//	bool                               bool
//	int8, int16, int32, int64          int8, int16, int32, int64
//	int                                int64
//	uint8, uint16, uint32              int16, int32, int64 (widened, lossless)
//	uint, uint64                       int64 (Encode fails above math.MaxInt64)
//	float32, float64                   float32, float64
//	string                             utf8
//	[]byte                             binary (nullable: nil is NULL)
//	time.Time                          timestamp[us, UTC]
//	rows.Date, arrow.Date32            date32
//	decimal128.Num + decimal(p,s) tag  decimal128(p, s)
//	[]T, []*T of the scalars above     list<T> (nullable: nil is NULL)
//
// Named types are mapped by their underlying kind (type Status int32 is
// int32). Columns are non-nullable unless the field is a pointer (*int64),
// a [Nullable] (rows.Nullable[int64]{V, Valid}) or database/sql's generic
// sql.Null[T] (any struct whose fields are exactly V T and Valid bool), or
// a slice. Other struct types, maps, channels and nested lists are
// rejected with an error naming the field.
//
// Plans are derived once per type and cached.
//
// # Encode, Decode, Check
//
// [Encode] turns []T into record batches column by column; [Decode] and
// [DecodeBatch] do the reverse. [Check] tells whether a frame's schema can be
// decoded into T (names, types and nullability) before anything runs.
//
// # Validation
//
// [Validate], [ValidateReader], [FromColumns] and [FromMap] take untyped
// data and produce batches whose schema is exactly the target schema. They
// are strict by default; [WithCoerce] converts values between types, and
// [WithDropInvalid] drops the rows that fail instead of failing. Problems are
// listed in a [Report]; failures wrap [ErrValidation] and carry the report in
// a *[ValidationError].
package rows
