package warehouse

// RaceEnabled exports raceEnabled to the external tests.
const RaceEnabled = raceEnabled

// StoreStats exports the result store's figures to the external tests:
// bytes in memory now, the most held at once, and chunks spilled so far.
func (s *Server) StoreStats() (used, peak, spilled int64) { return s.store.Stats() }
