package frames_test

import (
	"context"
	"fmt"

	"github.com/sealane/sealane/frames"
	_ "github.com/sealane/sealane/frames/engines/duckdb" // the native engine becomes the default
)

func Example() {
	type Trip struct {
		Vendor   string  `frame:"vendor"`
		Distance float64 `frame:"distance"`
		Fare     float64 `frame:"fare"`
	}
	type PerVendor struct {
		Vendor string   `frame:"vendor"`
		Trips  int64    `frame:"trips"`
		PerKm  *float64 `frame:"per_km"`
	}
	ctx := context.Background()
	trips := frames.FromRows([]Trip{{"a", 2, 10}, {"a", 0, 5}, {"b", 4, 12}, {"a", 3, 9}})
	defer trips.Release()

	f := trips.
		Filter(frames.Col("distance").Gt(0)).
		WithColumns(frames.Col("fare").Div(frames.Col("distance")).Alias("per_km")).
		GroupBy("vendor").
		Agg(frames.CountAll().Alias("trips"), frames.Col("per_km").Mean()).
		Sort("vendor")
	fmt.Println(f.Schema().Field(2)) // known before anything runs

	out, err := frames.Collect[PerVendor](ctx, f)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, v := range out {
		fmt.Printf("%s %d %.2f\n", v.Vendor, v.Trips, *v.PerKm)
	}

	// Mistakes surface when the frame is built, not when it runs.
	bad := trips.Filter(frames.Col("fare").Gt("ten"))
	fmt.Println(bad.Err())
	// Output:
	// per_km: type=float64, nullable
	// a 2 4.00
	// b 1 3.00
	// frames: cannot compare float64 "fare" with string "ten"
}
