package main

import (
	"fmt"
	"os"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/sealane/sealane/warehouse"
)

// memoryLimitFraction is the share of the machine's memory (or of the
// cgroup's limit, when lower) that DuckDB and the result store share by
// default: the rest is for the Go heap, chunks in flight and the system.
const memoryLimitFraction = 0.75

// minMemoryLimit is the smallest default DuckDB memory_limit, in bytes.
const minMemoryLimit = 256 << 20

// defaultMemoryLimit returns DuckDB's memory_limit for a server whose
// result store holds budget bytes in memory: memoryLimitFraction of the
// memory available minus the budget, at least minMemoryLimit. Without
// DuckDB's own default (80% of RAM) plus the store's budget, the process
// could outgrow the machine before DuckDB reports OUT_OF_MEMORY. It returns
// "" (DuckDB's default) when the memory size cannot be read.
func defaultMemoryLimit(budget int64) string {
	if budget <= 0 {
		budget = warehouse.DefaultConfig().MemoryBudget
	}
	total := availableMemory()
	if total <= 0 {
		return ""
	}
	limit := max(int64(float64(total)*memoryLimitFraction)-budget, minMemoryLimit)
	return fmt.Sprintf("%dMB", limit>>20)
}

// availableMemory is MemTotal from /proc/meminfo, or the cgroup v2 memory
// limit when that is lower; 0 when neither can be read (not Linux).
func availableMemory() int64 {
	var total int64
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "MemTotal:"); ok {
				kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
				total = kb << 10
			}
		}
	}
	if b, err := os.ReadFile("/sys/fs/cgroup/memory.max"); err == nil {
		if n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64); err == nil && n > 0 && (total == 0 || n < total) {
			total = n
		}
	}
	return total
}

// goHeapHeadroom is what the Go heap may hold beyond the result store's
// budget before the garbage collector works harder: requests, statements,
// chunks being encoded and compressed.
const goHeapHeadroom = 768 << 20

// limitGoHeap sets the Go runtime's soft memory limit to the store's
// budget plus goHeapHeadroom, unless GOMEMLIMIT is set. With the store
// full, the heap's live size is about the budget and the collector's
// default target twice that: spilled chunks' garbage would double the
// process's memory before it is collected.
func limitGoHeap(budget int64) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	if budget <= 0 {
		budget = warehouse.DefaultConfig().MemoryBudget
	}
	debug.SetMemoryLimit(budget + goHeapHeadroom)
}
