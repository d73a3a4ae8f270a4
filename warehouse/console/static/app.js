// sealane console: Query History, statement detail, SQL editor and catalog
// browser over the warehouse's own API. No framework, no build step. Data
// is only ever put into the page as text (textContent), never as HTML.
'use strict';

const API = '/api/2.0/sql';
const TOKEN_KEY = 'sealane.token';
const STATUSES = ['QUEUED', 'RUNNING', 'FINISHED', 'FAILED', 'CANCELED'];
const POLL_MS = 1000;
const EDITOR_ROW_LIMIT = 10000;

let settings = { warehouse_id: 'local', auth: true };
let pollTimer = null;
let pollGeneration = 0;

const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('data-')) e.setAttribute(k, v);
    else e[k] = v;
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || ('HTTP ' + status));
    this.status = status;
    this.body = body;
  }
}

function token() { return sessionStorage.getItem(TOKEN_KEY) || ''; }

// api calls the warehouse API; path is relative to /api/2.0/sql unless it
// is absolute (chunk links). The token goes in the Authorization header.
async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (token()) headers.Authorization = 'Bearer ' + token();
  const init = { method, headers, cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const url = path.startsWith('/api/') ? path : API + path;
  const resp = await fetch(url, init);
  const text = await resp.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch (e) { data = { message: text }; }
  }
  if (resp.status === 401 && settings.auth) {
    logout('The warehouse refused the token; sign in again.');
  }
  if (!resp.ok) throw new ApiError(resp.status, data);
  return data;
}

// ---- formatting -----------------------------------------------------------

function fmtTime(ms) {
  if (!ms) return '';
  const d = new Date(ms);
  return d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' }) + ' ' +
    d.toLocaleTimeString(undefined, { hour12: false }) + '.' + String(d.getMilliseconds()).padStart(3, '0');
}

function fmtDuration(ms) {
  if (ms === undefined || ms === null) return '';
  if (ms < 1000) return ms + ' ms';
  if (ms < 60000) return (ms / 1000).toFixed(2) + ' s';
  const m = Math.floor(ms / 60000);
  return m + ' min ' + Math.round((ms % 60000) / 1000) + ' s';
}

function fmtBytes(n) {
  if (n === undefined || n === null) return '';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return (i === 0 ? v : v.toFixed(1)) + ' ' + units[i];
}

function badge(status) {
  return el('span', { class: 'badge s-' + String(status).toLowerCase(), text: status, 'data-status': status });
}

function showError(id, err) {
  $(id).textContent = err ? (err.message || String(err)) : '';
}

function quoteIdent(name) { return '`' + String(name).replace(/`/g, '``') + '`'; }

// ---- login ----------------------------------------------------------------

function logout(message) {
  sessionStorage.removeItem(TOKEN_KEY);
  stopPolling();
  showLogin(message || '');
}

function showLogin(message) {
  for (const s of document.querySelectorAll('main > section')) s.hidden = true;
  $('nav').hidden = true;
  $('logout').hidden = true;
  $('who').textContent = '';
  $('login').hidden = false;
  $('login-error').textContent = message;
  $('token').value = '';
  $('token').focus();
}

async function login(ev) {
  ev.preventDefault();
  const t = $('token').value.trim();
  $('token').value = '';
  if (!t) return;
  sessionStorage.setItem(TOKEN_KEY, t);
  try {
    await api('GET', '/history/queries?max_results=1');
  } catch (err) {
    sessionStorage.removeItem(TOKEN_KEY);
    showLogin(err.status === 401 ? 'The warehouse does not accept this token.' : 'Cannot reach the warehouse: ' + err.message);
    return;
  }
  $('login').hidden = true;
  route();
}

function signedIn() { return !settings.auth || token() !== ''; }

// ---- routing --------------------------------------------------------------

function stopPolling() {
  pollGeneration++;
  if (pollTimer) clearTimeout(pollTimer);
  pollTimer = null;
}

// poll runs fn now and then every POLL_MS until the view changes or fn
// returns false.
function poll(fn) {
  stopPolling();
  const gen = pollGeneration;
  const tick = async () => {
    if (gen !== pollGeneration) return;
    let again = true;
    try { again = (await fn()) !== false; } catch (e) { /* fn shows its errors */ }
    if (again && gen === pollGeneration) pollTimer = setTimeout(tick, POLL_MS);
  };
  tick();
}

function route() {
  if (!signedIn()) { showLogin(''); return; }
  stopPolling();
  const hash = location.hash || '#/history';
  const [, view, arg] = hash.match(/^#\/([a-z]+)\/?(.*)$/) || [null, 'history', ''];
  for (const s of document.querySelectorAll('main > section')) s.hidden = true;
  $('nav').hidden = false;
  $('logout').hidden = !settings.auth;
  $('who').textContent = 'warehouse ' + settings.warehouse_id;
  for (const a of document.querySelectorAll('#nav a')) {
    a.classList.toggle('active', a.dataset.view === view || (view === 'query' && a.dataset.view === 'history'));
  }
  switch (view) {
    case 'query': showQuery(decodeURIComponent(arg)); break;
    case 'editor': showEditor(); break;
    case 'catalog': showCatalog(); break;
    default: showHistory();
  }
}

// ---- query history --------------------------------------------------------

let olderPages = 0;

function historyQuery(pageSize) {
  const q = new URLSearchParams();
  q.set('include_metrics', 'true');
  q.set('max_results', String(pageSize));
  for (const box of document.querySelectorAll('#status-filter input:checked')) {
    q.append('filter_by.statuses', box.value);
  }
  const since = Number($('time-filter').value);
  if (since > 0) q.set('filter_by.query_start_time_range.start_time_ms', String(Date.now() - since));
  const user = $('user-filter').value.trim();
  if (/^\d+$/.test(user)) q.set('filter_by.user_ids', user);
  return q;
}

function showHistory() {
  $('view-history').hidden = false;
  olderPages = 0;
  poll(refreshHistory);
}

async function refreshHistory() {
  const pageSize = 50 * (olderPages + 1);
  let resp;
  try {
    resp = await api('GET', '/history/queries?' + historyQuery(pageSize).toString());
    showError('history-error', null);
    $('live').classList.remove('stale');
  } catch (err) {
    showError('history-error', err);
    $('live').classList.add('stale');
    return true;
  }
  const text = $('text-filter').value.trim().toLowerCase();
  const rows = resp.res.filter((q) => !text || q.query_text.toLowerCase().includes(text) || q.query_id.includes(text));
  const tbody = $('history-table').tBodies[0];
  tbody.replaceChildren(...rows.map(historyRow));
  if (rows.length === 0) {
    tbody.append(el('tr', {}, el('td', { colSpan: 8, class: 'hint', text: 'No statements match.' })));
  }
  $('more').hidden = !resp.has_next_page;
  return true;
}

function historyRow(q) {
  const m = q.metrics || {};
  const live = !q.is_final;
  const duration = q.duration !== undefined ? q.duration : m.total_time_ms;
  const link = el('a', { href: '#/query/' + encodeURIComponent(q.query_id), class: 'sql-snippet', text: q.query_text, title: q.query_text });
  const actions = el('td', {});
  if (live) {
    actions.append(el('button', { class: 'danger small', text: 'Cancel', 'data-cancel': q.query_id, onclick: () => cancelStatement(q.query_id, 'history-error') }));
  }
  return el('tr', { 'data-query-id': q.query_id },
    el('td', {}, badge(q.status)),
    el('td', { text: fmtTime(q.query_start_time_ms) }),
    el('td', { class: 'num', text: fmtDuration(duration) + (live ? ' …' : '') }),
    el('td', {}, link),
    el('td', { text: q.user_name, title: 'user id ' + q.user_id }),
    el('td', { text: q.client_application || '', title: q.user_agent || '' }),
    el('td', { class: 'num', text: q.status === 'FINISHED' ? String(q.rows_produced) : '' }),
    actions);
}

async function cancelStatement(id, errorBox) {
  try {
    await api('POST', '/statements/' + encodeURIComponent(id) + '/cancel', {});
  } catch (err) {
    showError(errorBox, err);
  }
}

// ---- one statement --------------------------------------------------------

function fact(dl, name, value, testid) {
  if (value === undefined || value === null || value === '') return;
  dl.append(el('dt', { text: name }), el('dd', { text: String(value), 'data-fact': testid || name }));
}

function showQuery(id) {
  $('view-query').hidden = false;
  $('q-id').textContent = id;
  $('q-sql').textContent = '';
  $('q-facts').replaceChildren();
  $('q-cancel').onclick = () => cancelStatement(id, 'query-error');
  $('q-edit').onclick = () => {
    sessionStorage.setItem('sealane.editor', $('q-sql').textContent);
    location.hash = '#/editor';
  };
  poll(async () => {
    let d;
    try {
      d = await api('GET', '/history/queries/' + encodeURIComponent(id));
      showError('query-error', null);
    } catch (err) {
      showError('query-error', err);
      return err.status !== 404;
    }
    renderQuery(d);
    return !d.is_final;
  });
}

function renderQuery(d) {
  const m = d.metrics || {};
  $('q-status').replaceChildren(badge(d.status));
  $('q-cancel').hidden = d.is_final;
  const facts = $('q-facts');
  facts.replaceChildren();
  fact(facts, 'Statement type', d.statement_type);
  fact(facts, 'User', d.user_name + ' (id ' + d.user_id + ')');
  fact(facts, 'Client', d.user_agent);
  fact(facts, 'Session', d.session_id);
  fact(facts, 'Warehouse', d.warehouse_id);
  fact(facts, 'Submitted', fmtTime(d.query_start_time_ms), 'submitted');
  fact(facts, 'Execution started', fmtTime(d.execution_start_time_ms), 'execution-start');
  fact(facts, 'Ended', fmtTime(d.query_end_time_ms), 'ended');
  fact(facts, 'Queued', fmtDuration(m.queued_time_ms), 'queued');
  fact(facts, 'Execution', fmtDuration(m.execution_time_ms), 'execution');
  fact(facts, 'Total', fmtDuration(m.total_time_ms), 'total');
  if (d.is_final) {
    fact(facts, 'Rows produced', d.rows_produced, 'rows');
    fact(facts, 'Result size', fmtBytes(m.network_sent_bytes), 'bytes');
  }
  $('q-sql').textContent = d.query_text + (d.query_text_truncated ? '\n-- … (truncated: the history keeps the first bytes only)' : '');

  const params = d.parameters || [];
  $('q-params-box').hidden = params.length === 0;
  $('q-params').tBodies[0].replaceChildren(...params.map((p) => el('tr', {},
    el('td', { text: p.name ? ':' + p.name : '#' + p.ordinal }),
    el('td', { text: p.type || 'STRING' }),
    el('td', { text: p.value === undefined || p.value === null ? 'NULL' : p.value }))));

  $('q-error-box').hidden = !d.error_message;
  $('q-error').textContent = (d.error_message || '') + (d.sql_state ? '\nSQLSTATE ' + d.sql_state : '');

  const man = d.manifest;
  $('q-manifest-box').hidden = !man;
  if (man) {
    const md = $('q-manifest');
    md.replaceChildren();
    fact(md, 'Format', man.format);
    fact(md, 'Rows', man.total_row_count);
    fact(md, 'Bytes', fmtBytes(man.total_byte_count));
    fact(md, 'Chunks', man.total_chunk_count);
    if (man.result_compression) fact(md, 'Compression', man.result_compression);
    if (man.truncated) fact(md, 'Truncated', 'yes');
    const cols = (man.schema && man.schema.columns) || [];
    $('q-columns').tBodies[0].replaceChildren(...cols.map((c) => el('tr', {},
      el('td', { text: String(c.position) }), el('td', { text: c.name }), el('td', { text: c.type_text }))));
    const chunks = man.chunks || [];
    $('q-chunks').tBodies[0].replaceChildren(...chunks.map((c) => el('tr', {},
      el('td', { text: String(c.chunk_index) }), el('td', { class: 'num', text: String(c.row_offset) }),
      el('td', { class: 'num', text: String(c.row_count) }), el('td', { class: 'num', text: fmtBytes(c.byte_count) }))));
  }
}

// ---- SQL editor -----------------------------------------------------------

let running = null; // { id, cancelled }

function showEditor() {
  $('view-editor').hidden = false;
  const pending = sessionStorage.getItem('sealane.editor');
  if (pending !== null) {
    $('sql').value = pending;
    sessionStorage.removeItem('sealane.editor');
  }
  $('sql').focus();
}

// runSQL runs one statement through the SEA API (INLINE JSON_ARRAY),
// following its chunks, and returns { id, columns, rows, manifest }.
// onState is told the statement id and each state seen.
async function runSQL(statement, onState) {
  let resp = await api('POST', '/statements', {
    warehouse_id: settings.warehouse_id, statement, wait_timeout: '5s', on_wait_timeout: 'CONTINUE',
    disposition: 'INLINE', format: 'JSON_ARRAY', row_limit: EDITOR_ROW_LIMIT,
  });
  const id = resp.statement_id;
  const started = Date.now();
  if (onState) onState(id, resp.status.state, 0);
  while (resp.status.state === 'PENDING' || resp.status.state === 'RUNNING') {
    await new Promise((r) => setTimeout(r, 250));
    resp = await api('GET', '/statements/' + encodeURIComponent(id));
    if (onState) onState(id, resp.status.state, Date.now() - started);
  }
  if (resp.status.state !== 'SUCCEEDED' && resp.status.state !== 'CLOSED') {
    const e = resp.status.error || {};
    const err = new Error(resp.status.state === 'CANCELED' ? 'The statement was canceled.' :
      (e.message || resp.status.state) + (resp.status.sql_state ? ' (SQLSTATE ' + resp.status.sql_state + ')' : ''));
    err.state = resp.status.state;
    err.id = id;
    throw err;
  }
  const manifest = resp.manifest || {};
  const columns = ((manifest.schema && manifest.schema.columns) || []).map((c) => c.name);
  const rows = [];
  let data = resp.result;
  while (data) {
    for (const r of data.data_array || []) rows.push(r);
    if (!data.next_chunk_internal_link) break;
    data = await api('GET', data.next_chunk_internal_link);
  }
  if (resp.status.state === 'SUCCEEDED') {
    api('DELETE', '/statements/' + encodeURIComponent(id)).catch(() => {});
  }
  return { id, columns, rows, manifest };
}

function statementLink(id) {
  return el('a', { href: '#/query/' + encodeURIComponent(id), text: id.slice(0, 8) + '…', title: id, 'data-statement-id': id });
}

async function runEditor() {
  if (running) return;
  const sql = $('sql').value.trim();
  if (!sql) return;
  running = { id: null };
  const mine = running;
  $('run').disabled = true;
  $('ed-cancel').hidden = false;
  showError('ed-error', null);
  $('results').tHead.replaceChildren();
  $('results').tBodies[0].replaceChildren();
  const status = $('ed-status');
  status.replaceChildren('Submitting…');
  const t0 = performance.now();
  try {
    const res = await runSQL(sql, (id, state, ms) => {
      mine.id = id;
      status.replaceChildren(badge(state), ' ', statementLink(id), ' ', fmtDuration(ms));
    });
    const ms = Math.round(performance.now() - t0);
    status.replaceChildren(badge('FINISHED'), ' ', statementLink(res.id), ' ',
      res.rows.length + (res.manifest.truncated ? '+' : '') + ' row' + (res.rows.length === 1 ? '' : 's') + ' in ' + fmtDuration(ms));
    renderGrid($('results'), res.columns, res.rows);
  } catch (err) {
    showError('ed-error', err);
    status.replaceChildren(badge(err.state || 'FAILED'), ' ', err.id ? statementLink(err.id) : '');
  } finally {
    running = null;
    $('run').disabled = false;
    $('ed-cancel').hidden = true;
  }
}

function renderGrid(table, columns, rows) {
  table.tHead.replaceChildren(el('tr', {}, ...columns.map((c) => el('th', { text: c }))));
  table.tBodies[0].replaceChildren(...rows.map((r) => el('tr', {}, ...r.map((v) =>
    v === null ? el('td', { class: 'null', text: 'NULL' }) : el('td', { text: v })))));
}

// ---- catalog browser ------------------------------------------------------

function column(res, names) {
  for (const n of names) {
    const i = res.columns.indexOf(n);
    if (i >= 0) return i;
  }
  return 0;
}

function treeItem(label, kind, load) {
  const li = el('li', { class: 'node ' + kind });
  const button = el('button', { class: 'toggle', text: label, 'data-node': kind + ':' + label });
  const children = el('ul', { hidden: true });
  let loaded = false;
  button.onclick = async () => {
    if (!loaded) {
      loaded = true;
      try {
        await load(children, li);
        showError('catalog-error', null);
      } catch (err) {
        loaded = false;
        showError('catalog-error', err);
        return;
      }
    }
    children.hidden = !children.hidden;
    li.classList.toggle('open', !children.hidden);
  };
  li.append(button, children);
  return li;
}

async function showCatalog() {
  $('view-catalog').hidden = false;
  const tree = $('tree');
  if (tree.childElementCount > 0) return;
  try {
    const cats = await runSQL('SHOW CATALOGS');
    const ci = column(cats, ['catalog']);
    tree.replaceChildren(...cats.rows.map((r) => catalogNode(r[ci])));
  } catch (err) {
    showError('catalog-error', err);
  }
}

function catalogNode(cat) {
  return treeItem(cat, 'catalog', async (ul) => {
    const res = await runSQL('SHOW SCHEMAS IN ' + quoteIdent(cat));
    const si = column(res, ['databaseName', 'namespace', 'schema_name']);
    ul.replaceChildren(...res.rows.map((r) => schemaNode(cat, r[si])));
  });
}

function schemaNode(cat, schema) {
  return treeItem(schema, 'schema', async (ul) => {
    const res = await runSQL('SHOW TABLES IN ' + quoteIdent(cat) + '.' + quoteIdent(schema));
    const ti = column(res, ['tableName', 'table_name']);
    if (res.rows.length === 0) {
      ul.replaceChildren(el('li', { class: 'hint', text: 'no tables' }));
      return;
    }
    ul.replaceChildren(...res.rows.map((r) => {
      const name = r[ti];
      const b = el('button', { class: 'leaf', text: name, 'data-node': 'table:' + name, onclick: () => showTable(cat, schema, name) });
      return el('li', { class: 'node table' }, b);
    }));
  });
}

async function showTable(cat, schema, table) {
  const box = $('table-detail');
  const full = quoteIdent(cat) + '.' + quoteIdent(schema) + '.' + quoteIdent(table);
  box.replaceChildren(el('p', { class: 'hint', text: 'Loading…' }));
  try {
    const res = await runSQL('DESCRIBE TABLE ' + full);
    const grid = el('table', { class: 'grid', id: 'describe' }, el('thead'), el('tbody'));
    const query = el('button', { class: 'primary', text: 'Query this table', onclick: () => {
      sessionStorage.setItem('sealane.editor', 'SELECT * FROM ' + full + ' LIMIT 100');
      location.hash = '#/editor';
    } });
    box.replaceChildren(el('h2', { text: cat + '.' + schema + '.' + table }), query, grid);
    renderGrid(grid, res.columns, res.rows);
    showError('catalog-error', null);
  } catch (err) {
    box.replaceChildren();
    showError('catalog-error', err);
  }
}

// ---- start ----------------------------------------------------------------

async function start() {
  for (const s of STATUSES) {
    $('status-filter').append(el('label', {}, el('input', { type: 'checkbox', value: s, name: 'status' }), ' ' + s));
  }
  for (const id of ['status-filter', 'time-filter', 'user-filter', 'text-filter']) {
    $(id).addEventListener(id === 'text-filter' || id === 'user-filter' ? 'input' : 'change', () => {
      if (!$('view-history').hidden) poll(refreshHistory);
    });
  }
  $('more').onclick = () => { olderPages++; poll(refreshHistory); };
  $('login-form').addEventListener('submit', login);
  $('logout').onclick = () => logout('Signed out.');
  $('run').onclick = runEditor;
  $('ed-cancel').onclick = () => { if (running && running.id) cancelStatement(running.id, 'ed-error'); };
  $('sql').addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); runEditor(); }
  });
  window.addEventListener('hashchange', route);
  try {
    const resp = await fetch('/console/settings.json', { cache: 'no-store' });
    settings = await resp.json();
  } catch (e) { /* keep the defaults */ }
  route();
}

document.addEventListener('DOMContentLoaded', start);
