//go:build !race

package warehouse

// raceEnabled reports whether the tests run under the race detector, which
// makes encoding/json about ten times slower; heavy tests do less under it.
const raceEnabled = false
