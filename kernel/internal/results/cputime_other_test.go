//go:build !unix

package results_test

import "time"

// cpuTime is not measured on this platform.
func cpuTime() time.Duration { return 0 }
