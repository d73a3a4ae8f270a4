package warehouse

// RaceEnabled exports raceEnabled to the external tests.
const RaceEnabled = raceEnabled
