'use strict';
// Starts and stops the servers under comparison: Soketi 1.6.1 from node_modules, and Tidings nodes
// (`./tidings start` by default, or any command that ends in `Main start`). Everything listens on
// loopback on free ports; every process started here is stopped by its pid when the runner ends,
// whatever way it ends.

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const dgram = require('node:dgram');
const path = require('node:path');
const os = require('node:os');

const started = new Set();

function stopAllNow() {
  for (const child of started) {
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  started.clear();
}
process.on('exit', stopAllNow);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    stopAllNow();
    process.exit(130);
  });
}

/** A TCP port free on loopback right now (another process may take it before we use it; rare). */
function freeTcpPort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function freeUdpPort() {
  return new Promise((resolve, reject) => {
    const s = dgram.createSocket('udp4');
    s.once('error', reject);
    s.bind(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** The environment without any SOKETI_* variable of ours, so only what a server is given applies. */
function cleanEnv(extra) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('SOKETI_')) env[k] = v;
  return { ...env, ...extra };
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

async function httpOk(port, route) {
  try {
    const res = await fetch(`http://127.0.0.1:${port}${route}`, { signal: AbortSignal.timeout(2000) });
    return res.status === 200 && (await res.text()) === 'OK';
  } catch {
    return false;
  }
}

/**
 * Spawns `command` with `env` in an empty temporary directory (no stray .env), output to `logFile`, and
 * waits until GET /ready on `port` answers OK (at most `readyMs`).
 */
async function startProcess(label, command, env, port, logFile, readyMs = 120_000) {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-compat-'));
  const log = fs.openSync(logFile, 'w');
  const child = spawn(command[0], command.slice(1), { cwd, env, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  started.add(child);
  let exited = null;
  child.on('exit', (code, signal) => {
    exited = { code, signal };
    started.delete(child);
  });
  const deadline = Date.now() + readyMs;
  while (!(await httpOk(port, '/ready'))) {
    if (exited) throw new Error(`${label} exited (${JSON.stringify(exited)}) before it was ready; see ${logFile}:\n${tail(logFile)}`);
    if (Date.now() > deadline) {
      await stop({ child, label });
      throw new Error(`${label} was not ready within ${readyMs / 1000} s; see ${logFile}:\n${tail(logFile)}`);
    }
    await sleep(100);
  }
  return { label, child, port, cwd, logFile, exited: () => exited };
}

function tail(file) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-30).join('\n');
  } catch {
    return '';
  }
}

/** SIGTERM, then SIGKILL if it still runs after `graceMs`. */
async function stop(server, graceMs = 15_000) {
  if (!server) return;
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await gone;
  clearTimeout(timer);
  started.delete(child);
  try {
    fs.rmSync(server.cwd, { recursive: true, force: true });
  } catch {
    // a temporary directory
  }
}

// Both servers read SOKETI_SHUTDOWN_GRACE_PERIOD; a short one keeps the run short.
const COMMON_ENV = {
  SOKETI_HOST: '127.0.0.1',
  SOKETI_METRICS_HOST: '127.0.0.1',
  SOKETI_SHUTDOWN_GRACE_PERIOD: '200',
};

/** Soketi 1.6.1, installed in `nodeModules` with the uWebSockets.js override of package.json. */
async function startSoketi({ nodeModules, configFile, logFile }) {
  const bin = path.join(nodeModules, '@soketi', 'soketi', 'bin', 'server.js');
  if (!fs.existsSync(bin)) throw new Error(`Soketi is not installed (${bin} is missing); run npm ci in ${path.dirname(nodeModules)}`);
  const port = await freeTcpPort();
  const env = cleanEnv({
    ...COMMON_ENV,
    SOKETI_PORT: String(port),
    SOKETI_METRICS_SERVER_PORT: String(await freeTcpPort()),
    SOKETI_CLUSTER_PORT: String(await freeUdpPort()),
    // node-discover would otherwise broadcast on the local network.
    SOKETI_CLUSTER_UNICAST_ADDRESSES: '127.0.0.1',
  });
  return startProcess('soketi', [process.execPath, bin, 'start', `--config=${configFile}`], env, port, logFile);
}

/** A Tidings node: `command` (e.g. ['./tidings', 'start']) plus --config, with `extraEnv`. */
async function startTidings({ label, command, configFile, logFile, extraEnv = {} }) {
  const port = await freeTcpPort();
  const env = cleanEnv({
    ...COMMON_ENV,
    SOKETI_PORT: String(port),
    SOKETI_METRICS_SERVER_PORT: String(await freeTcpPort()),
    ...extraEnv,
  });
  return startProcess(label, [...command, `--config=${configFile}`], env, port, logFile);
}

module.exports = { startSoketi, startTidings, stop, stopAllNow };
