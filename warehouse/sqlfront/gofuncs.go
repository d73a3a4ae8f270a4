package sqlfront

// Functions computed by Go scalar functions (package sqlfuncs, registered
// on the database by the DuckDB leaf): hashes, AES and HMAC, base
// conversions, UTF-8 repair, bitmaps and vectors. Aggregates among them
// are DuckDB's list() of the column handed to a Go function. Each
// Databricks name is one entry; Spark's default arguments, which show in
// its column names, are declared beside.

func init() {
	aes := func(goName string, n int) fn {
		// aes_encrypt(input, key[, mode[, padding[, iv[, aad]]]]) and
		// aes_decrypt(input, key[, mode[, padding[, aad]]]).
		defaults := []string{"'GCM'", "'DEFAULT'", "''", "''"}[:n-2]
		by := map[int]string{}
		for k := 2; k < n; k++ {
			t := goName + "("
			for i := 1; i <= k; i++ {
				t += "$" + string(rune('0'+i)) + ", "
			}
			for _, d := range defaults[k-2:] {
				t += d + ", "
			}
			by[k] = t[:len(t)-2] + ")"
		}
		return fn{min: 2, max: n, byArity: by, to: goName + "($*)"}
	}
	for name, f := range map[string]fn{
		"crc32":    {min: 1, max: 1, to: "sl_crc32($1)"},
		"hash":     {min: 1, max: -1, to: "sl_murmur3($*)"},
		"xxhash64": {min: 1, max: -1, to: "sl_xxhash64($*)"},
		"hmac": {min: 2, max: 3, byArity: map[int]string{2: "sl_hmac($1, $2, 'SHA-256')"},
			to: "sl_hmac($*)"},
		"aes_encrypt":     aes("sl_aes_encrypt", 6),
		"aes_decrypt":     aes("sl_aes_decrypt", 5),
		"try_aes_decrypt": aes("sl_try_aes_decrypt", 5),
		"make_valid_utf8": {min: 1, max: 1, to: "sl_make_valid_utf8($1)"},
		"to_base32":       {min: 1, max: 1, to: "sl_to_base32($1)"},
		"from_base32":     {min: 1, max: 1, to: "sl_from_base32($1)"},
		"conv": {min: 3, max: 3,
			to: "sl_conv(CAST($1 AS VARCHAR), CAST($2 AS INTEGER), CAST($3 AS INTEGER))"},
		"soundex": {min: 1, max: 1, to: "sl_soundex($1)"},
		// INT or BIGINT by the first argument (two Go overloads).
		"shiftrightunsigned": {min: 2, max: 2, to: "sl_shiftrightunsigned($1, CAST($2 AS INTEGER))"},

		"bitmap_bucket_number": {min: 1, max: 1, to: "sl_bitmap_bucket_number(CAST($1 AS BIGINT))"},
		"bitmap_bit_position":  {min: 1, max: 1, to: "sl_bitmap_bit_position(CAST($1 AS BIGINT))"},
		"bitmap_count":         {min: 1, max: 1, to: "sl_bitmap_count($1)"},
		"bitmap_construct_agg": {min: 1, max: 1, to: "sl_bitmap_construct(list(CAST($1 AS BIGINT)))"},
		"bitmap_or_agg":        {min: 1, max: 1, to: "sl_bitmap_or(list($1))"},
		"bitmap_and_agg":       {min: 1, max: 1, to: "sl_bitmap_and(list($1))"},

		"vector_inner_product":     {min: 2, max: 2, to: "sl_vector_inner_product($*)"},
		"vector_cosine_similarity": {min: 2, max: 2, to: "sl_vector_cosine_similarity($*)"},
		"vector_l2_distance":       {min: 2, max: 2, to: "sl_vector_l2_distance($*)"},
		"vector_norm": {min: 1, max: 2, byArity: map[int]string{1: "sl_vector_norm($1, 2.0)"},
			to: "sl_vector_norm($*)"},
		"vector_normalize": {min: 1, max: 2, byArity: map[int]string{1: "sl_vector_normalize($1, 2.0)"},
			to: "sl_vector_normalize($*)"},
		"vector_sum": {min: 1, max: 1, to: "sl_vector_sum(list($1))"},

		// XPath over a subset of XPath 1.0 (sqlfuncs/xpath.go).
		"xpath":         {min: 2, max: 2, to: "sl_xpath($1, $2)"},
		"xpath_string":  {min: 2, max: 2, to: "sl_xpath_string($1, $2)"},
		"xpath_boolean": {min: 2, max: 2, to: "sl_xpath_boolean($1, $2)"},
		"xpath_double":  {min: 2, max: 2, to: "sl_xpath_double($1, $2)"},
		"xpath_number":  {min: 2, max: 2, to: "sl_xpath_double($1, $2)"},
		"xpath_float":   {min: 2, max: 2, to: "sl_xpath_float($1, $2)"},
		"xpath_long":    {min: 2, max: 2, to: "sl_xpath_long($1, $2)"},
		"xpath_int":     {min: 2, max: 2, to: "sl_xpath_int($1, $2)"},
		"xpath_short":   {min: 2, max: 2, to: "CAST(sl_xpath_short($1, $2) AS SMALLINT)"},

		// Spatial values from WKB, kept in sqlfuncs' own layout.
		"st_geomfromwkb": {min: 1, max: 2, byArity: map[int]string{1: "sl_st_from_wkb($1, 0, 'geometry')"},
			to: "sl_st_from_wkb($1, CAST($2 AS INTEGER), 'geometry')"},
		"st_geogfromwkb": {min: 1, max: 1, to: "sl_st_from_wkb($1, 4326, 'geography')"},
		"st_srid":        {min: 1, max: 1, to: "sl_st_srid(CAST($1 AS BLOB))"},
		"st_setsrid":     {min: 2, max: 2, to: "sl_st_setsrid($1, CAST($2 AS INTEGER))"},
		"st_asbinary": {min: 1, max: 2, byArity: map[int]string{1: "sl_st_asbinary($1, 'NDR')"},
			to: "sl_st_asbinary($*)"},
		"vector_avg": {min: 1, max: 1, to: "sl_vector_avg(list($1))"},
	} {
		catalog[name] = f
	}
	for name, f := range map[string]sparkFunc{
		"hmac":             {first: 2, defaults: []string{"SHA-256"}},
		"aes_encrypt":      {first: 2, defaults: []string{"GCM", "DEFAULT", "", ""}},
		"aes_decrypt":      {first: 2, defaults: []string{"GCM", "DEFAULT", ""}},
		"try_aes_decrypt":  {first: 2, defaults: []string{"GCM", "DEFAULT", ""}},
		"vector_norm":      {first: 1, defaults: []string{"2.0"}},
		"vector_normalize": {first: 1, defaults: []string{"2.0"}},
		"bitmap_count":     {},
		"st_geomfromwkb":   {first: 1, defaults: []string{"0"}},
		"st_asbinary":      {first: 1, defaults: []string{"NDR"}},
		"st_geogfromwkb":   {},
		"st_srid":          {},
		"st_setsrid":       {},
	} {
		sparkFuncs[name] = f
	}
}
