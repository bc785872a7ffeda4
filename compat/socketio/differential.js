#!/usr/bin/env node
'use strict';
// The Socket.IO differential: the scenarios of scenarios.js, run by socket.io-client 4.8.4 (with the default
// parser, then with socket.io-msgpack-parser 3.0.2 on both sides) against
//   1. Node socket.io 4.8.4 with the handlers of HANDLERS.md (node-server.js), the reference,
//   2. Tidings with the same handlers (./tidings example differential-socketio),
// and what the client saw compared, scenario by scenario and client by client. Every difference must be one
// listed in expected-differences.js (none are, today). Results and the report go to --out.
//
//   node differential.js [--out=DIR] [--tidings-command='["java","-cp","…","io.tidings.examples.Main","differential-socketio"]']
//                        [--only=SUBSTRING]
//
// Both servers listen on free loopback ports (PORT=0, HOST=127.0.0.1) and are stopped here. Exit code 0
// only when every comparison holds.

const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { runAll } = require('./scenarios');
const { EXPECTED } = require('./expected-differences');

const HERE = __dirname;
const ROOT = path.resolve(HERE, '..', '..');
const START_TIMEOUT_MS = 180_000; // the launcher may build the examples jar first

function parseArgs(argv) {
  const args = {};
  for (const a of argv) {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
    if (m) args[m[1]] = m[2] === undefined ? true : m[2];
  }
  return args;
}

/**
 * Starts `command` with PORT=0 (and PARSER=msgpack when `parser` says so); resolves to {child, port} once its
 * output names the port it listens on.
 */
function start(label, command, portPattern, logFile, parser) {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, PORT: '0', HOST: '127.0.0.1' };
    delete env.PARSER;
    if (parser) env.PARSER = parser;
    const child = spawn(command[0], command.slice(1), {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log = fs.createWriteStream(logFile);
    let seen = '';
    let done = false;
    const timer = setTimeout(() => {
      if (!done) reject(new Error(`${label} did not say it listens within ${START_TIMEOUT_MS / 1000} s:\n${seen}`));
      done = true;
    }, START_TIMEOUT_MS);
    const onData = (d) => {
      log.write(d);
      if (done) return;
      seen += d;
      const m = portPattern.exec(seen);
      if (m) {
        done = true;
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]) });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code, signal) => {
      log.end();
      if (!done) {
        done = true;
        clearTimeout(timer);
        reject(new Error(`${label} exited (${code ?? signal}) before listening:\n${seen}`));
      }
    });
  });
}

function stop(server) {
  return new Promise((resolve) => {
    if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return resolve();
    const kill = setTimeout(() => server.child.kill('SIGKILL'), 10_000);
    server.child.on('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    server.child.kill('SIGTERM');
  });
}

/** The scenarios against one server, once per parser (a fresh server each time); all results in one object. */
async function against(label, command, portPattern, out, only) {
  const results = {};
  for (const parser of [undefined, 'msgpack']) {
    const name = parser ? `${label}-${parser}` : label;
    const server = await start(name, command, portPattern, path.join(out, `${name}-server.log`), parser);
    try {
      Object.assign(results, await runAll(`http://127.0.0.1:${server.port}`, only, parser));
    } finally {
      await stop(server);
    }
  }
  fs.writeFileSync(path.join(out, `${label}.json`), JSON.stringify(results, null, 1));
  return results;
}

/** The differences between the two runs, each with the expected-differences entry that explains it, if any. */
function compare(node, tidings) {
  const differences = [];
  for (const scenario of new Set([...Object.keys(node), ...Object.keys(tidings)])) {
    const a = node[scenario] || {};
    const b = tidings[scenario] || {};
    for (const client of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const x = JSON.stringify(a[client] || null);
      const y = JSON.stringify(b[client] || null);
      if (x === y) continue;
      const expected = EXPECTED.find((e) => scenario.includes(e.scenario) && e.client === client
        && ((JSON.stringify(e.node) === x && JSON.stringify(e.tidings) === y)
          || (e.eitherWay && JSON.stringify(e.node) === y && JSON.stringify(e.tidings) === x)));
      differences.push({ scenario, client, node: a[client] || null, tidings: b[client] || null, expected });
    }
  }
  return differences;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const out = path.resolve(args.out || path.join(ROOT, 'compat', 'target', 'socketio'));
  fs.mkdirSync(out, { recursive: true });
  const tidingsCommand = args['tidings-command']
    ? JSON.parse(args['tidings-command'])
    : [path.join(ROOT, 'tidings'), 'example', 'differential-socketio'];

  const node = await against('node', [process.execPath, path.join(HERE, 'node-server.js')], /listening (\d+)/, out, args.only);
  const tidings = await against('tidings', tidingsCommand, /on http:\/\/[^\s:]+:(\d+)\//, out, args.only);

  const differences = compare(node, tidings);
  const unexpected = differences.filter((d) => !d.expected);
  const lines = [];
  lines.push(`socket.io-client 4.8.4: ${Object.keys(node).length} scenario runs against Node socket.io 4.8.4 and Tidings`);
  for (const d of differences) {
    lines.push('');
    lines.push(`${d.expected ? 'expected' : 'UNEXPECTED'} difference: ${d.scenario}, client ${d.client}`
      + (d.expected ? ` (${d.expected.why})` : ''));
    lines.push(`  node:    ${JSON.stringify(d.node)}`);
    lines.push(`  tidings: ${JSON.stringify(d.tidings)}`);
  }
  const unmatched = EXPECTED.filter((e) => !e.race && !differences.some((d) => d.expected === e));
  for (const e of unmatched) lines.push(`\nlisted but not seen (remove it from expected-differences.js?): ${e.scenario}, client ${e.client}`);
  lines.push('');
  lines.push(unexpected.length === 0
    ? `PASSED: ${Object.keys(node).length} scenario runs, ${differences.length} expected difference(s)`
    : `FAILED: ${unexpected.length} unexpected difference(s)`);
  const report = lines.join('\n');
  fs.writeFileSync(path.join(out, 'report.txt'), report + '\n');
  console.log(report);
  console.log(`(results in ${out})`);
  process.exit(unexpected.length === 0 ? 0 : 1);
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e.stack || String(e));
    process.exit(2);
  });
}

module.exports = { compare };
