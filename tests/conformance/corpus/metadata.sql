-- DDL with comments, partitions and properties, then the metadata
-- statements that show them (SHOW/DESCRIBE), CTAS, INSERT OVERWRITE,
-- ALTER TABLE, schemas. In order; tables conformance_m*.
-- setup
DROP TABLE IF EXISTS conformance_m;
-- setup
DROP TABLE IF EXISTS conformance_m2;
-- setup
DROP TABLE IF EXISTS conformance_m3;
-- setup
DROP TABLE IF EXISTS conformance_m4;
-- setup
DROP TABLE IF EXISTS conformance_ty;
-- setup
DROP VIEW IF EXISTS conformance_mv;
-- setup
DROP SCHEMA IF EXISTS conformance_ms CASCADE;
CREATE TABLE conformance_m (id INT COMMENT 'the id', name STRING, tags ARRAY<STRING>, attrs MAP<STRING, ARRAY<INT>>, pos STRUCT<x: DOUBLE, y: DOUBLE>, day DATE) USING parquet PARTITIONED BY (day) COMMENT 'a table' TBLPROPERTIES ('k1' = 'v1', 'k2' = 'v2');
DESCRIBE TABLE conformance_m;
DESCRIBE conformance_m;
DESC TABLE conformance_m;
SHOW TBLPROPERTIES conformance_m;
SHOW TBLPROPERTIES conformance_m ('k1');
SHOW COLUMNS IN conformance_m;
SHOW TABLES LIKE 'conformance_m*';
INSERT INTO conformance_m VALUES (1, 'a', array('x'), map('k', array(1, 2)), named_struct('x', 1.0, 'y', 2.0), DATE '2024-01-02');
SELECT * FROM conformance_m;
INSERT OVERWRITE conformance_m VALUES (2, 'b', NULL, NULL, NULL, DATE '2024-01-03');
SELECT id, name, day FROM conformance_m;
INSERT INTO TABLE conformance_m SELECT 3, 'c', NULL, NULL, NULL, DATE '2024-01-04';
SELECT count(*) FROM conformance_m;
INSERT OVERWRITE TABLE conformance_m SELECT 4, 'd', NULL, NULL, NULL, DATE '2024-01-05';
SELECT id FROM conformance_m;
ALTER TABLE conformance_m SET TBLPROPERTIES ('k3' = 'v3');
SHOW TBLPROPERTIES conformance_m;
ALTER TABLE conformance_m UNSET TBLPROPERTIES ('k3');
SHOW TBLPROPERTIES conformance_m;
CREATE OR REPLACE VIEW conformance_mv AS SELECT id FROM conformance_m;
SHOW VIEWS LIKE 'conformance_mv';
DESCRIBE conformance_mv;
SELECT * FROM conformance_mv;
DROP VIEW conformance_mv;
DROP VIEW IF EXISTS conformance_mv;
CREATE TABLE conformance_m2 USING parquet AS SELECT 1 AS a, 'x' AS b;
SELECT * FROM conformance_m2;
CREATE TABLE conformance_m3 AS SELECT a + 1 AS c FROM conformance_m2;
DESCRIBE conformance_m3;
SELECT * FROM conformance_m3;
ALTER TABLE conformance_m2 ADD COLUMNS (c BIGINT COMMENT 'new');
DESCRIBE conformance_m2;
ALTER TABLE conformance_m2 RENAME TO conformance_m4;
SELECT * FROM conformance_m4;
SELECT * FROM conformance_m2;
TRUNCATE TABLE conformance_m4;
SELECT count(*) FROM conformance_m4;
CREATE TABLE conformance_ty (a ARRAY<STRUCT<f: INT, g: MAP<STRING, ARRAY<BIGINT>>>>, b STRUCT<n: STRUCT<m: STRING>>, c MAP<INT, STRUCT<z: BOOLEAN>>, d DECIMAL(5, 2), e TIMESTAMP, f TIMESTAMP_NTZ, g BINARY, h FLOAT, i SMALLINT, j TINYINT, k BIGINT, l DOUBLE) USING parquet;
DESCRIBE conformance_ty;
INSERT INTO conformance_ty (a, b, c, d) VALUES (array(named_struct('f', 1, 'g', map('k', array(2L)))), named_struct('n', named_struct('m', 'x')), map(1, named_struct('z', true)), 1.25);
SELECT a, b, c, d FROM conformance_ty;
SELECT a[0].f, a[0].g['k'], b.n.m, c[1].z FROM conformance_ty;
CREATE TABLE conformance_ty (a INT) USING parquet;
CREATE TABLE conformance_m5 (a STRUCT<x INT, y STRING>) USING parquet;
DESCRIBE conformance_m5;
DROP TABLE conformance_m5;
CREATE SCHEMA conformance_ms COMMENT 'a schema';
CREATE SCHEMA IF NOT EXISTS conformance_ms;
CREATE SCHEMA conformance_ms;
CREATE DATABASE conformance_ms;
SHOW SCHEMAS LIKE 'conformance_ms';
CREATE TABLE conformance_ms.t (a INT) USING parquet;
SHOW TABLES IN conformance_ms;
DROP SCHEMA conformance_ms;
DROP SCHEMA conformance_ms CASCADE;
DROP SCHEMA conformance_ms;
DROP DATABASE IF EXISTS conformance_ms;
CREATE DATABASE IF NOT EXISTS conformance_ms COMMENT 'again';
SHOW DATABASES LIKE 'conformance_ms';
DROP DATABASE conformance_ms;
SHOW FUNCTIONS LIKE 'upper';
SHOW FUNCTIONS LIKE 'date_a*';
DROP TABLE conformance_m;
DROP TABLE conformance_m3;
DROP TABLE conformance_m4;
DROP TABLE conformance_ty;
