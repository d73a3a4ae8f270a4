// Package conformance compares the local warehouse with Spark, the oracle
// for Databricks SQL: golden answers recorded from pyspark
// (spark_golden.py, `make conformance-golden`) replayed through the kernel
// against an in-process `sealane serve`, with no JVM. Cases that do not
// answer like Spark yet are listed in testdata/expected_failures.txt; the
// test fails on any other difference (a regression) and on a listed case
// that now passes (the list may only shrink).
package conformance
