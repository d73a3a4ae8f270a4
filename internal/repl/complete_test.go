package repl

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCompleterKeywordsKeepTheTypedCase(t *testing.T) {
	var c Completer
	line, pos, _, ok := c.Complete("sel", 3)
	assert.True(t, ok)
	assert.Equal(t, "select ", line)
	assert.Equal(t, 7, pos)

	line, _, _, ok = c.Complete("SEL", 3)
	assert.True(t, ok)
	assert.Equal(t, "SELECT ", line)
}

func TestCompleterNamesPartByPart(t *testing.T) {
	var c Completer
	c.SetNames([]string{"main", "main.default", "main.default.trips", "main.default.trips.fare_amount", "main.default.trips.fare_total", "main.sales"})

	line, pos, _, ok := c.Complete("SELECT * FROM mai", 17)
	assert.True(t, ok)
	assert.Equal(t, "SELECT * FROM main", line[:pos], "main and main. share the prefix")

	line, _, matches, ok := c.Complete("SELECT * FROM main.d", 20)
	assert.True(t, ok)
	assert.Equal(t, []string{"main.default", "main.default."}, matches, "the schema itself, and its tables")
	assert.Equal(t, "SELECT * FROM main.default", line)

	line, _, matches, ok = c.Complete("SELECT * FROM main.s", 20)
	assert.True(t, ok)
	assert.Equal(t, []string{"main.sales"}, matches)
	assert.Equal(t, "SELECT * FROM main.sales ", line)

	c.SetNames([]string{"main.default.trips", "main.default.trips.fare_amount", "main.default.trips.fare_total"})
	line, _, _, ok = c.Complete("SELECT * FROM main.d", 20)
	assert.True(t, ok)
	assert.Equal(t, "SELECT * FROM main.default.", line, "a qualifier completes with its dot, no space")

	line, _, _, ok = c.Complete("SELECT * FROM main.default.tr", 29)
	assert.True(t, ok)
	assert.Equal(t, "SELECT * FROM main.default.trips", line[:len("SELECT * FROM main.default.trips")])

	line, pos, matches, ok = c.Complete("SELECT main.default.trips.fare_ FROM t", 31)
	assert.True(t, ok)
	assert.Equal(t, []string{"main.default.trips.fare_amount", "main.default.trips.fare_total"}, matches)
	assert.Equal(t, "SELECT main.default.trips.fare_ FROM t", line, "two columns share fare_: nothing to add")
	assert.Equal(t, 31, pos)
}

func TestCompleterBareNames(t *testing.T) {
	var c Completer
	c.SetNames([]string{"trips", "fare_amount"})
	line, _, _, ok := c.Complete("SELECT fare_a", 13)
	assert.True(t, ok)
	assert.Equal(t, "SELECT fare_amount ", line)

	_, _, _, ok = c.Complete("SELECT zzz", 10)
	assert.False(t, ok)
	_, _, _, ok = c.Complete("SELECT ", 7)
	assert.False(t, ok, "nothing typed, nothing to complete")
}

func TestCompleterCompletesInTheMiddleOfALine(t *testing.T) {
	var c Completer
	c.SetNames([]string{"trips"})
	line, pos, _, ok := c.Complete("SELECT * FROM tri WHERE x", 17)
	assert.True(t, ok)
	assert.Equal(t, "SELECT * FROM trips  WHERE x", line)
	assert.Equal(t, 20, pos)

	_, _, matches, _ := c.Complete("SELECT * FROM tr", 16)
	assert.Equal(t, []string{"trips", "true"}, matches, "names and keywords together")
}
