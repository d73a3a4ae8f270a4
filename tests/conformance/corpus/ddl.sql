-- DDL and DML, in order; a table per file.
-- setup
DROP TABLE IF EXISTS conformance_t;
CREATE TABLE conformance_t (id INT, name STRING, price DECIMAL(10, 2), tags ARRAY<STRING>, attrs MAP<STRING, INT>, pos STRUCT<x: DOUBLE, y: DOUBLE>) USING parquet;
INSERT INTO conformance_t VALUES (1, 'a', 1.50, array('x'), map('k', 1), named_struct('x', 1.0, 'y', 2.0)), (2, NULL, NULL, NULL, NULL, NULL);
SELECT * FROM conformance_t ORDER BY id;
SELECT id, tags[0], attrs['k'], pos.x FROM conformance_t ORDER BY id;
INSERT INTO conformance_t (id, name) VALUES (3, 'c');
SELECT count(*), count(name) FROM conformance_t;
INSERT INTO conformance_t VALUES ('x', 'y', 1, NULL, NULL, NULL);
CREATE TABLE conformance_t (id INT) USING parquet;
CREATE TABLE IF NOT EXISTS conformance_t (id INT) USING parquet;
-- setup
CREATE OR REPLACE TEMPORARY VIEW conformance_v AS SELECT id * 10 AS tenfold FROM conformance_t;
SELECT * FROM conformance_v ORDER BY tenfold;
DROP VIEW conformance_v;
SELECT * FROM conformance_v;
DROP TABLE conformance_t;
DROP TABLE conformance_t;
DROP TABLE IF EXISTS conformance_t;
CREATE SCHEMA IF NOT EXISTS conformance_s;
CREATE DATABASE IF NOT EXISTS conformance_s;
DROP SCHEMA conformance_s;
