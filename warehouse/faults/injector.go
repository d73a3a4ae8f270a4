package faults

import (
	"math/rand/v2"
	"slices"
	"sync"
)

// pcgStream is the second PCG seed word; the first is Config.Seed.
const pcgStream = 0x5ea1a4e

// Injector applies a Config to the requests that pass through its
// Middleware. It is safe for concurrent use.
type Injector struct {
	cfg Config

	mu       sync.Mutex
	rng      *rand.Rand
	ruleHits []int // injections so far, per rule of cfg.Errors
	resets   int   // downloads selected for a reset so far
	stats    Stats
}

// New returns an Injector for cfg. It does not validate cfg: call
// Config.Validate first when cfg comes from a user.
func New(cfg Config) *Injector {
	cfg.Errors = slices.Clone(cfg.Errors)
	return &Injector{
		cfg:      cfg,
		rng:      rand.New(rand.NewPCG(cfg.Seed, pcgStream)),
		ruleHits: make([]int, len(cfg.Errors)),
		stats:    newStats(),
	}
}

// Config returns the Config the Injector applies (the warehouse reads
// LinkLifetime from it).
func (in *Injector) Config() Config {
	cfg := in.cfg
	cfg.Errors = slices.Clone(cfg.Errors)
	return cfg
}

// Stats returns how many requests were seen and how many faults of each
// kind were injected so far. The result is a copy.
func (in *Injector) Stats() Stats {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.stats.clone()
}

// fires decides, under in.mu, whether something with the given rate and
// count limit that has fired hits times fires now. Rate 0 (or less) means
// "always, up to count"; a draw is taken only for rates strictly between 0
// and 1, so the sequence of draws depends only on the order of calls.
func (in *Injector) fires(rate float64, count, hits int) bool {
	if count > 0 && hits >= count {
		return false
	}
	if rate > 0 && rate < 1 {
		return in.rng.Float64() < rate
	}
	return true
}

// seen records that a request for call arrived.
func (in *Injector) seen(call Call) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.stats.Requests[call]++
}

// pickRule returns the first rule of the Config that fires on call, and
// records the injection.
func (in *Injector) pickRule(call Call) (Rule, bool) {
	if len(in.cfg.Errors) == 0 {
		return Rule{}, false
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	for i, r := range in.cfg.Errors {
		if !r.matches(call) || !in.fires(r.Rate, r.Count, in.ruleHits[i]) {
			continue
		}
		in.ruleHits[i]++
		in.stats.Errors[call]++
		in.stats.TotalErrors++
		return r, true
	}
	return Rule{}, false
}

// pickReset reports whether the current download is selected for a
// connection reset, and records the selection.
func (in *Injector) pickReset() bool {
	if !in.cfg.resetEnabled() {
		return false
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	if !in.fires(in.cfg.ResetRate, in.cfg.ResetCount, in.resets) {
		return false
	}
	in.resets++
	return true
}

// recordReset counts a connection actually aborted on call.
func (in *Injector) recordReset(call Call) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.stats.Resets[call]++
	in.stats.TotalResets++
}
