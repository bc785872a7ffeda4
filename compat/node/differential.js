#!/usr/bin/env node
'use strict';
// The differential run: the same scenarios (scenarios.js) against
//   1. Soketi 1.6.1 (the reference),
//   2. one Tidings node,                                   compared with 1: only documented differences,
//   3. one Tidings node with SOKETI_COMPAT_HTTP_200_ERRORS, compared with 1: the same minus H1's statuses,
//   4. two Tidings nodes on PostgreSQL (clients on A, SDK and second clients on B), compared with 2: equal.
// Every server gets the same --config file (apps.js). Results, logs and a report go to --out.
//
//   node differential.js [--out=DIR] [--database-url=postgresql://user[:pw]@host:port/db]
//                        [--tidings-command='["java","-cp","…","io.tidings.server.Main","start"]']
//   node differential.js --print-config      the --config file the servers get
//
// Without --database-url (or TIDINGS_COMPAT_DATABASE_URL) the cluster pass is not run, and the run fails
// unless --no-cluster says that is intended. Exit code 0 only when every comparison holds.

const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { serverConfig } = require('./apps');
const { compare } = require('./compare');
const { EXPECTED, forCompatSwitch } = require('./expected-differences');
const { startSoketi, startTidings, stop } = require('./servers');

const HERE = __dirname;
const ROOT = path.resolve(HERE, '..', '..');
const SCENARIO_TIMEOUT_MS = 240_000;

function parseArgs(argv) {
  const args = {};
  for (const a of argv) {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
    if (m) args[m[1]] = m[2] === undefined ? true : m[2];
  }
  return args;
}

/** SOKETI_DB_POSTGRES_* for a postgresql:// URL, and a NOTIFY prefix of this run's own. */
function databaseEnv(url) {
  const u = new URL(url);
  return {
    SOKETI_DB_POSTGRES_HOST: u.hostname,
    SOKETI_DB_POSTGRES_PORT: u.port || '5432',
    SOKETI_DB_POSTGRES_USERNAME: decodeURIComponent(u.username || 'postgres'),
    SOKETI_DB_POSTGRES_PASSWORD: decodeURIComponent(u.password || ''),
    SOKETI_DB_POSTGRES_DATABASE: decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres',
    // Another cluster on the same database never hears this one.
    SOKETI_ADAPTER_POSTGRES_PREFIX: `compat-${process.pid}-${Date.now()}`,
  };
}

/** Runs scenarios.js against one target; resolves to its JSON lines. */
function runScenarios(label, args, outDir) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(HERE, 'scenarios.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), SCENARIO_TIMEOUT_MS);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      fs.writeFileSync(path.join(outDir, `${label}.jsonl`), out);
      fs.writeFileSync(path.join(outDir, `${label}.stderr.log`), err);
      const lines = out.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
      if (signal) return reject(new Error(`scenarios against ${label} killed (${signal}) after ${SCENARIO_TIMEOUT_MS / 1000} s`));
      if (lines.length === 0) return reject(new Error(`scenarios against ${label} printed nothing (exit ${code}):\n${err}`));
      resolve(lines);
    });
  });
}

function target(ws, http, ws2) {
  const args = [`--ws=127.0.0.1:${ws.port}`, `--http=127.0.0.1:${(http || ws).port}`];
  if (ws2) args.push(`--ws2=127.0.0.1:${ws2.port}`);
  return args;
}

/** Starts what `start` returns, runs the scenarios against it, stops it whatever happens. */
async function pass(label, start, targetOf, outDir) {
  const t0 = Date.now();
  const servers = [];
  try {
    for (const s of start) servers.push(await s());
    const lines = await runScenarios(label, targetOf(servers), outDir);
    return { lines, seconds: (Date.now() - t0) / 1000 };
  } finally {
    for (const s of servers) await stop(s);
  }
}

function describe(label, result, scenarioErrors) {
  const lines = [];
  lines.push(`${label}: ${result.passed.length}/${result.scenarios.length} scenarios as expected; `
    + `${result.matched.length} documented differences seen, ${result.unexpected.length} unexpected, ${result.stale.length} stale`);
  for (const e of scenarioErrors) lines.push(`  ERROR   ${e}`);
  const rows = [...new Set(result.matched.map((m) => m.row))];
  if (rows.length) lines.push(`  documented differences seen: ${rows.join(', ')}`);
  for (const u of result.unexpected) {
    lines.push(`  UNEXPECTED ${u.at}\n      reference: ${JSON.stringify(u.reference)}\n      actual:    ${JSON.stringify(u.actual)}`);
  }
  for (const s of result.stale) {
    lines.push(`  STALE   ${s.row} ${s.at} (${s.why})\n      reference: ${JSON.stringify(s.reference)}\n      actual:    ${JSON.stringify(s.actual)}`);
  }
  return lines.join('\n');
}

function errorsOf(label, lines) {
  return lines.filter((l) => l.error).map((l) => `${label} ${l.scenario}: ${l.error}`);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args['print-config']) {
    process.stdout.write(JSON.stringify(serverConfig(), null, 2) + '\n');
    return 0;
  }
  const outDir = path.resolve(args.out || path.join(ROOT, 'compat', 'target'));
  fs.mkdirSync(outDir, { recursive: true });
  const configFile = path.join(outDir, 'config.json');
  fs.writeFileSync(configFile, JSON.stringify(serverConfig(), null, 2));
  const command = args['tidings-command'] ? JSON.parse(args['tidings-command']) : [path.join(ROOT, 'tidings'), 'start'];
  const databaseUrl = args['database-url'] || process.env.TIDINGS_COMPAT_DATABASE_URL;
  const nodeModules = path.join(HERE, 'node_modules');
  const log = (name) => path.join(outDir, `${name}.log`);
  const tidings = (label, extraEnv) => () => startTidings({ label, command, configFile, logFile: log(label), extraEnv });
  const t0 = Date.now();
  const report = [];

  const soketi = await pass('soketi', [() => startSoketi({ nodeModules, configFile, logFile: log('soketi') })],
    ([s]) => target(s), outDir);
  const single = await pass('tidings', [tidings('tidings')], ([s]) => target(s), outDir);
  const compat = await pass('tidings-compat', [tidings('tidings-compat', { SOKETI_COMPAT_HTTP_200_ERRORS: 'true' })],
    ([s]) => target(s), outDir);
  let cluster = null;
  if (databaseUrl) {
    const env = { SOKETI_ADAPTER_DRIVER: 'postgres', ...databaseEnv(databaseUrl) };
    cluster = await pass('tidings-cluster', [tidings('tidings-node-a', env), tidings('tidings-node-b', env)],
      ([a, b]) => target(a, b, b), outDir);
  }

  const errors = [
    ...errorsOf('soketi', soketi.lines), ...errorsOf('tidings', single.lines),
    ...errorsOf('tidings-compat', compat.lines), ...(cluster ? errorsOf('tidings-cluster', cluster.lines) : []),
  ];
  const comparisons = [
    ['Soketi 1.6.1 vs Tidings', compare(soketi.lines, single.lines, EXPECTED)],
    ['Soketi 1.6.1 vs Tidings (SOKETI_COMPAT_HTTP_200_ERRORS=true)', compare(soketi.lines, compat.lines, forCompatSwitch(EXPECTED))],
  ];
  if (cluster) comparisons.push(['Tidings vs a two-node Tidings cluster', compare(single.lines, cluster.lines, [])]);
  let ok = errors.length === 0;
  report.push(`scenarios: ${soketi.lines.map((l) => l.scenario).join(', ')}`);
  report.push(`passes: soketi ${soketi.seconds} s, tidings ${single.seconds} s, tidings-compat ${compat.seconds} s`
    + (cluster ? `, tidings-cluster ${cluster.seconds} s` : ''));
  for (const [label, result] of comparisons) {
    report.push(describe(label, result, []));
    if (result.unexpected.length || result.stale.length || result.passed.length !== result.scenarios.length) ok = false;
  }
  for (const e of errors) report.push(`ERROR ${e}`);
  if (!cluster) {
    report.push(args['no-cluster'] ? 'cluster pass: not run (--no-cluster)' : 'cluster pass: NOT RUN — no --database-url / TIDINGS_COMPAT_DATABASE_URL');
    if (!args['no-cluster']) ok = false;
  }
  report.push(`${ok ? 'PASSED' : 'FAILED'} in ${((Date.now() - t0) / 1000).toFixed(1)} s; results in ${outDir}`);
  const text = report.join('\n');
  fs.writeFileSync(path.join(outDir, 'report.txt'), text + '\n');
  fs.writeFileSync(path.join(outDir, 'comparisons.json'), JSON.stringify(comparisons.map(([label, r]) => ({ label, ...r })), null, 2));
  console.log(text);
  return ok ? 0 : 1;
}

main().then((code) => process.exit(code), (e) => {
  console.error(`FAILED: ${e && e.stack ? e.stack : e}`);
  process.exit(2);
});
