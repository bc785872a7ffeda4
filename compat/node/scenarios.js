#!/usr/bin/env node
'use strict';
// Runs every scenario against one Pusher server with the real pusher-js and pusher SDK, and prints one
// JSON line per scenario: {"scenario": name, "result": <normalised observations>} (or "error" when the
// scenario could not finish). The results are meant to be compared across servers (differential.js).
//
//   node scenarios.js --ws=127.0.0.1:6001 [--http=127.0.0.1:6002] [--ws2=HOST:PORT] [--only=a,b]
//
// --ws is where pusher-js connects, --http where the SDK publishes and queries (default: --ws);
// --ws2, when given, is where the second client of a multi-client scenario connects.
// The server must run with the apps of apps.js (differential.js --print-config prints its config file).
// The main app can be replaced with --app-id/--key/--secret; it needs client events enabled.

const { APPS } = require('./apps');
const { context } = require('./scenario-kit');
const connection = require('./connection-scenarios');
const channels = require('./channel-scenarios');
const usersAndApi = require('./user-and-api-scenarios');

// Every scenario, in the order they run.
const ORDER = [
  'connection', 'connection-refusals', 'public-channel', 'private-channel', 'encrypted-channel',
  'presence-channel', 'presence-limits', 'client-events', 'cache-channels', 'user-sign-in',
  'sign-in-deadline', 'channel-queries', 'api-errors', 'malformed-frames',
];
const all = { ...connection, ...channels, ...usersAndApi };
const scenarios = Object.fromEntries(ORDER.map((name) => [name, all[name]]));
if (Object.keys(all).length !== ORDER.length || Object.values(scenarios).some((s) => !s)) {
  throw new Error('ORDER must name every scenario once');
}

function parseArgs(argv) {
  const args = {};
  for (const a of argv) {
    const m = /^--([^=]+)=(.*)$/.exec(a);
    if (m) args[m[1]] = m[2];
  }
  return args;
}

function hostPort(s) {
  const i = s.lastIndexOf(':');
  return { host: s.slice(0, i), port: Number(s.slice(i + 1)) };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!args.ws) {
    console.error('usage: node scenarios.js --ws=HOST:PORT [--http=HOST:PORT] [--ws2=HOST:PORT] [--only=a,b] [--app-id= --key= --secret=]');
    process.exit(2);
  }
  const ws = hostPort(args.ws);
  const http = hostPort(args.http || args.ws);
  const target = {
    ws: { wsHost: ws.host, wsPort: ws.port },
    http,
    ws2: args.ws2 ? { wsHost: hostPort(args.ws2).host, wsPort: hostPort(args.ws2).port } : null,
  };
  const apps = { ...APPS };
  if (args['app-id']) apps.main = { ...apps.main, id: args['app-id'], key: args.key, secret: args.secret };
  const only = args.only ? args.only.split(',') : null;
  let failed = 0;
  for (const [name, run] of Object.entries(scenarios)) {
    if (only && !only.includes(name)) continue;
    const ctx = context(target);
    ctx.apps = apps;
    let line;
    const t0 = Date.now();
    try {
      line = { scenario: name, result: await run(ctx) };
    } catch (e) {
      failed++;
      line = { scenario: name, error: String(e && e.stack ? e.stack.split('\n').slice(0, 3).join(' | ') : e) };
    } finally {
      for (const close of ctx.closeables) {
        try {
          close();
        } catch {
          // already closed
        }
      }
    }
    process.stdout.write(JSON.stringify(line) + '\n');
    process.stderr.write(`${name}: ${line.error ? 'ERROR' : 'done'} in ${Date.now() - t0} ms\n`);
  }
  // pusher-js keeps timers for sockets it has given up on; the results are out, so stop here.
  process.exit(failed ? 1 : 0);
}

module.exports = { scenarios };

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(2);
  });
}

