// Runs cases through Node @databricks/sql on Databricks' Rust kernel
// (useKernel: true) against one `sealane serve`, all in one session, in order.
//
//   node run_cases.js <url> <http_path> <token> [connect-json]  < cases.json  > outcomes.json
//
// connect-json, when given, is merged over the connect options: e.g.
// {"useKernel": false, "host": "127.0.0.1", "port": 8443} for the driver's
// default Thrift mode (test_node_thrift.py).
//
// A case is {"sql": "...", "options": {...}} (session.executeStatement) or
// {"meta": "getTables", "args": {...}} (a session metadata call). Its outcome
// is {"ok": true, "rows": [...], "columns": [...]} or
// {"ok": false, "error": "...", "sqlState": "..."}. The assertions live in
// test_node_kernel.py.
'use strict';

const { DBSQLClient } = require('@databricks/sql');

function readStdin() {
  return new Promise((resolve, reject) => {
    let data = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (c) => { data += c; });
    process.stdin.on('end', () => resolve(data));
    process.stdin.on('error', reject);
  });
}

// JSON cannot carry BigInt; keep integers exact as strings when they do not fit.
function plain(v) {
  if (typeof v === 'bigint') {
    return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  }
  if (Array.isArray(v)) return v.map(plain);
  if (v instanceof Date) return v.toISOString();
  if (v && typeof v === 'object') {
    const o = {};
    for (const [k, x] of Object.entries(v)) o[k] = plain(x);
    return o;
  }
  return v;
}

async function runCase(session, c) {
  const op = c.meta ? await session[c.meta](c.args || {}) : await session.executeStatement(c.sql, c.options || {});
  try {
    const rows = await op.fetchAll();
    const schema = await op.getSchema();
    const columns = schema && schema.columns ? schema.columns.map((col) => col.columnName) : [];
    return { ok: true, rows: plain(rows), columns };
  } finally {
    await op.close();
  }
}

async function main() {
  const [url, path, token, connectJSON] = process.argv.slice(2);
  const cases = JSON.parse(await readStdin());
  const client = new DBSQLClient({ logger: { log() {} } });
  const overrides = connectJSON ? JSON.parse(connectJSON) : {};
  await client.connect({ host: url, path, token, useKernel: true, telemetryEnabled: false, ...overrides });
  const session = await client.openSession();
  const out = [];
  for (const c of cases) {
    try {
      out.push(await runCase(session, c));
    } catch (e) {
      out.push({ ok: false, error: String(e && e.message), sqlState: e && e.sqlState ? e.sqlState : null });
    }
  }
  await session.close();
  await client.close();
  process.stdout.write(JSON.stringify(out));
}

main().catch((e) => {
  process.stderr.write(`run_cases.js: ${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
});
