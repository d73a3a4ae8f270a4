package adbcdriver

import (
	"github.com/apache/arrow-adbc/go/adbc"
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/sealane/sealane/kernel"
)

// Values reported by GetInfo.
const (
	// DriverName is the driver's name (adbc.InfoDriverName).
	DriverName = "ADBC sealane Databricks Driver"
	// VendorName is the database's vendor (adbc.InfoVendorName).
	VendorName = "Databricks"
	// DriverVersion is the driver's version (adbc.InfoDriverVersion): the kernel's.
	DriverVersion = kernel.Version
)

// tableTypes are the Databricks table types GetTableTypes lists.
var tableTypes = []string{"SYSTEM TABLE", "TABLE", "VIEW", "METRIC_VIEW"}

// infoValues are the GetInfo answers, in code order when all are asked
// for. A nil value is a known code whose value the driver cannot tell
// (the SEA API does not report the server's version).
var infoValues = []struct {
	code  adbc.InfoCode
	value any
}{
	{adbc.InfoVendorName, VendorName},
	{adbc.InfoVendorVersion, nil},
	{adbc.InfoVendorArrowVersion, nil},
	{adbc.InfoVendorSql, true},
	{adbc.InfoVendorSubstrait, false},
	{adbc.InfoDriverName, DriverName},
	{adbc.InfoDriverVersion, DriverVersion},
	{adbc.InfoDriverArrowVersion, "v" + arrow.PkgVersion},
	{adbc.InfoDriverADBCVersion, adbc.AdbcVersion1_1_0},
}

// infoReader answers GetInfo in adbc.GetInfoSchema. Codes the driver does
// not know are left out, as ADBC allows.
func infoReader(alloc memory.Allocator, codes []adbc.InfoCode) (array.RecordReader, error) {
	known := make(map[adbc.InfoCode]any, len(infoValues))
	if len(codes) == 0 {
		for _, iv := range infoValues {
			codes = append(codes, iv.code)
		}
	}
	for _, iv := range infoValues {
		known[iv.code] = iv.value
	}
	bldr := array.NewRecordBuilder(alloc, adbc.GetInfoSchema)
	defer bldr.Release()
	names := bldr.Field(0).(*array.Uint32Builder)
	values := bldr.Field(1).(*array.DenseUnionBuilder)
	strs := values.Child(int(adbc.InfoValueStringType)).(*array.StringBuilder)
	bools := values.Child(int(adbc.InfoValueBooleanType)).(*array.BooleanBuilder)
	ints := values.Child(int(adbc.InfoValueInt64Type)).(*array.Int64Builder)
	for _, code := range codes {
		v, ok := known[code]
		if !ok {
			continue
		}
		names.Append(uint32(code))
		switch x := v.(type) {
		case string:
			values.Append(adbc.InfoValueStringType)
			strs.Append(x)
		case bool:
			values.Append(adbc.InfoValueBooleanType)
			bools.Append(x)
		case int64:
			values.Append(adbc.InfoValueInt64Type)
			ints.Append(x)
		default: // unknown value: a null string
			values.Append(adbc.InfoValueStringType)
			strs.AppendNull()
		}
	}
	rec := bldr.NewRecordBatch()
	defer rec.Release()
	return array.NewRecordReader(adbc.GetInfoSchema, []arrow.RecordBatch{rec})
}

// tableTypesReader answers GetTableTypes in adbc.TableTypesSchema.
func tableTypesReader(alloc memory.Allocator) (array.RecordReader, error) {
	bldr := array.NewRecordBuilder(alloc, adbc.TableTypesSchema)
	defer bldr.Release()
	bldr.Field(0).(*array.StringBuilder).AppendValues(tableTypes, nil)
	rec := bldr.NewRecordBatch()
	defer rec.Release()
	return array.NewRecordReader(adbc.TableTypesSchema, []arrow.RecordBatch{rec})
}
