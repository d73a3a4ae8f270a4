// Runs the Databricks JDBC driver (com.databricks:databricks-jdbc, pinned in
// tests/compat/test_jdbc_thrift.py) in its default Thrift mode against a
// `sealane serve`, and prints one JSON object of outcomes on stdout.
//
//   java -cp databricks-jdbc.jar ThriftJdbc.java <jdbc-url>
//
// The assertions live in test_jdbc_thrift.py.
import java.sql.*;
import java.util.*;

public class ThriftJdbc {
    static String quote(Object v) {
        if (v == null) return "null";
        if (v instanceof Number || v instanceof Boolean) return v.toString();
        return "\"" + v.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static String rows(ResultSet rs, String... cols) throws SQLException {
        StringBuilder b = new StringBuilder("[");
        boolean first = true;
        while (rs.next()) {
            if (!first) b.append(",");
            first = false;
            b.append("[");
            for (int i = 0; i < cols.length; i++) {
                if (i > 0) b.append(",");
                b.append(quote(rs.getObject(cols[i])));
            }
            b.append("]");
        }
        rs.close();
        return b.append("]").toString();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(args[0])) {
            try (Statement s = c.createStatement()) {
                ResultSet rs = s.executeQuery("SELECT 1 AS one, 'x' AS s, CAST(2.50 AS DECIMAL(10,2)) AS d");
                out.put("select", rows(rs, "one", "s", "d"));
                s.execute("CREATE TABLE main.default.jdbc_t (a INT, s STRING)");
                s.execute("INSERT INTO main.default.jdbc_t VALUES (1, 'x'), (2, NULL)");
                out.put("table", rows(s.executeQuery("SELECT a, s FROM main.default.jdbc_t ORDER BY a"), "a", "s"));
                ResultSet big = s.executeQuery("SELECT id FROM range(1000000) AS r(id)");
                long n = 0, last = -1;
                while (big.next()) { n++; last = big.getLong(1); }
                big.close();
                out.put("big", "[" + n + "," + last + "]");
                try {
                    s.executeQuery("SELECT * FROM main.default.jdbc_missing");
                    out.put("error", "null");
                } catch (SQLException e) {
                    out.put("error", quote(e.getSQLState()));
                }
            }
            try (PreparedStatement p = c.prepareStatement("SELECT ? + 1 AS x, ? AS s")) {
                p.setInt(1, 41);
                p.setString(2, "it's");
                out.put("prepared", rows(p.executeQuery(), "x", "s"));
            }
            DatabaseMetaData md = c.getMetaData();
            out.put("catalogs", rows(md.getCatalogs(), "TABLE_CAT"));
            out.put("tables", rows(md.getTables("main", "default", "jdbc_%", null), "TABLE_NAME", "TABLE_TYPE"));
            out.put("columns", rows(md.getColumns("main", "default", "jdbc_t", "%"), "COLUMN_NAME", "TYPE_NAME"));
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE main.default.jdbc_t");
            }
        }
        StringBuilder b = new StringBuilder("{");
        for (Map.Entry<String, String> e : out.entrySet()) {
            if (b.length() > 1) b.append(",");
            b.append(quote(e.getKey())).append(":").append(e.getValue());
        }
        System.out.println(b.append("}"));
    }
}
