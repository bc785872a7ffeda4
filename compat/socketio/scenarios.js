#!/usr/bin/env node
'use strict';
// The client side of the differential: socket.io-client 4.8.4 runs every scenario below against one server
// (the handlers of HANDLERS.md) over each transport, and records what each of its clients saw, in order:
// connects, events with their arguments, acknowledgements, connect errors and disconnect reasons. Nothing
// server-specific (ids, times) is recorded. Prints one JSON object: {"<scenario> [<transport>]": {A: [...], …}}.
//
//   node scenarios.js --url=http://127.0.0.1:3000 [--only=SUBSTRING] [--parser=msgpack]

const { io, Manager } = require('socket.io-client');

const WAIT_MS = 5000;
const TRANSPORTS = { websocket: ['websocket'], polling: ['polling'], upgrade: ['polling', 'websocket'] };

/** A value as JSON can hold it: binary as {"<binary>": hex}, an ack function as "<ack>", errors by message and data. */
function plain(v) {
  if (Buffer.isBuffer(v)) return { '<binary>': v.toString('hex') };
  if (v instanceof ArrayBuffer) return { '<binary>': Buffer.from(v).toString('hex') };
  if (ArrayBuffer.isView(v)) return { '<binary>': Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex') };
  if (typeof v === 'function') return '<ack>';
  if (v instanceof Error) return { error: v.message, data: v.data === undefined ? null : plain(v.data) };
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') {
    const o = {};
    for (const k of Object.keys(v).sort()) o[k] = plain(v[k]);
    return o;
  }
  return v === undefined ? '<undefined>' : v;
}

/** One scenario's clients and what each heard. */
class Scenario {
  constructor(url, transports, parser) {
    this.url = url;
    this.transports = transports;
    this.parser = parser; // undefined: the default parser
    this.heard = {};
    this.sockets = [];
    this.managers = [];
  }

  record(label, what, ...args) {
    (this.heard[label] = this.heard[label] || []).push(args.length ? `${what} ${JSON.stringify(plain(args))}` : what);
  }

  /** A client socket on namespace `nsp` labelled `label`, recording everything it hears. */
  client(label, nsp = '/', opts = {}, manager = null) {
    const options = { transports: this.transports, reconnection: false, forceNew: true, timeout: WAIT_MS, ...opts };
    if (this.parser) options.parser = this.parser;
    const socket = manager ? manager.socket(nsp, opts) : io(this.url + nsp, options);
    this.sockets.push(socket);
    socket.on('connect', () => this.record(label, 'connect'));
    socket.on('connect_error', (err) => this.record(label, 'connect_error', err));
    socket.on('disconnect', (reason) => this.record(label, 'disconnect', reason));
    socket.onAny((event, ...args) => this.record(label, event, ...args));
    return socket;
  }

  manager(opts = {}) {
    const options = { transports: this.transports, reconnection: false, timeout: WAIT_MS, ...opts };
    if (this.parser) options.parser = this.parser;
    const m = new Manager(this.url, options);
    this.managers.push(m);
    return m;
  }

  /** Waits until `label` has heard `count` lines starting with `prefix`; records a timeout otherwise. */
  async wait(label, prefix, count = 1) {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const n = (this.heard[label] || []).filter((l) => l === prefix || l.startsWith(prefix + ' ')).length;
      if (n >= count) return;
      if (Date.now() > deadline) {
        this.record(label, `<timeout waiting for ${count} × ${prefix}>`);
        return;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /** Waits until `socket`'s connection runs on the last of the scenario's transports (its upgrade, if any, done). */
  async settled(socket) {
    const last = this.transports[this.transports.length - 1];
    const deadline = Date.now() + WAIT_MS;
    while (socket.io.engine && socket.io.engine.transport.name !== last && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  async ack(label, promise) {
    try {
      this.record(label, '<ack>', ...(await promise));
    } catch (e) {
      this.record(label, '<ack error>', e);
    }
  }

  close() {
    for (const s of this.sockets) s.disconnect();
    for (const m of this.managers) m._close && m._close();
  }
}

/** A watcher, then a client that emits a string of `chars` characters: what each hears. */
async function oversized(s, chars) {
  const w = s.client('W');
  await s.wait('W', 'welcome');
  await s.ack('W', emitWithAckAll(w, 'join', 'watchers'));
  const a = s.client('A');
  await s.wait('A', 'welcome');
  await s.settled(a); // with polling then websocket: on websocket by now, whichever server
  a.emit('echo', 'x'.repeat(chars));
  await Promise.all([s.wait('A', 'disconnect'), s.wait('W', 'left')]);
}

function emitWithAckAll(socket, event, ...args) {
  return new Promise((resolve) => socket.emit(event, ...args, (...reply) => resolve(reply)));
}

const SCENARIOS = {
  async 'connect with auth and query, then disconnect'(s) {
    const a = s.client('A', '/', { auth: { token: 'abc', n: 1, nested: { ok: true } }, query: { q: 'x' } });
    await s.wait('A', 'welcome');
    a.disconnect();
    await s.wait('A', 'disconnect');
  },

  async 'echo of plain values'(s) {
    const a = s.client('A');
    await s.wait('A', 'welcome');
    a.emit('echo', 'text', 42, -1.5, 1e21, true, false, null, { a: [1, { b: 'c' }], e: {} }, ['x', 2, []], 'héllo ☃ 😀', '');
    a.emit('echo');
    await s.wait('A', 'echo-back', 2);
  },

  async 'echo of binary'(s) {
    const a = s.client('A');
    await s.wait('A', 'welcome');
    a.emit('echo', Buffer.from([1, 2, 3]), { file: Buffer.from('hi'), list: [Buffer.alloc(0), 'x'] });
    a.emit('echo', new Uint8Array([255, 0, 127]));
    await s.wait('A', 'echo-back', 2);
  },

  async 'acknowledgements'(s) {
    const a = s.client('A');
    await s.wait('A', 'welcome');
    await s.ack('A', emitWithAckAll(a, 'ack', 1, 'two', { three: 3 }, null));
    await s.ack('A', emitWithAckAll(a, 'ack'));
    await s.ack('A', emitWithAckAll(a, 'ack', Buffer.from([9, 8]), [Buffer.from('z')]));
    await s.ack('A', a.timeout(WAIT_MS).emitWithAck('ack', 'with timeout').then((r) => [r]));
  },

  async 'the server asks with an ack and a timeout'(s) {
    const a = s.client('A');
    a.on('question', (payload, ack) => ack({ answer: payload }));
    await s.wait('A', 'welcome');
    a.emit('ask-me', { q: 1 });
    await s.wait('A', 'answered');
    const b = s.client('B'); // hears the question and does not answer: the server's 2 s timeout
    await s.wait('B', 'welcome');
    b.emit('ask-me', 'unanswered');
    await s.wait('B', 'answered-error');
  },

  async 'rooms: to, in, fetchSockets, leave'(s) {
    const a = s.client('A');
    const b = s.client('B');
    const c = s.client('C');
    await Promise.all([s.wait('A', 'welcome'), s.wait('B', 'welcome'), s.wait('C', 'welcome')]);
    await s.ack('A', emitWithAckAll(a, 'join', 'r1'));
    await s.ack('A', emitWithAckAll(a, 'join', 'r2'));
    await s.ack('B', emitWithAckAll(b, 'join', 'r1'));
    a.emit('to-room', 'r1', 'hi', { from: 'A' });
    await s.wait('B', 'room-message');
    a.emit('to-room-all', 'r1', 'all');
    await Promise.all([s.wait('A', 'room-message'), s.wait('B', 'room-message', 2)]);
    await s.ack('C', emitWithAckAll(c, 'count-room', 'r1'));
    await s.ack('B', emitWithAckAll(b, 'leave', 'r1'));
    await s.ack('C', emitWithAckAll(c, 'count-room', 'r1'));
    await s.ack('C', emitWithAckAll(c, 'count-room', 'nobody-here'));
    c.emit('echo', 'C heard no room message');
    await s.wait('C', 'echo-back');
  },

  async 'broadcast reaches everyone but the sender'(s) {
    const a = s.client('A');
    const b = s.client('B');
    await Promise.all([s.wait('A', 'welcome'), s.wait('B', 'welcome')]);
    a.emit('broadcast', 'hey', 1);
    await s.wait('B', 'broadcasted');
    a.emit('echo', 'A heard no broadcast');
    await s.wait('A', 'echo-back');
  },

  async 'the server disconnects a socket'(s) {
    const w = s.client('W');
    await s.wait('W', 'welcome');
    await s.ack('W', emitWithAckAll(w, 'join', 'watchers'));
    const a = s.client('A');
    await s.wait('A', 'welcome');
    a.emit('disconnect-me');
    await Promise.all([s.wait('A', 'disconnect'), s.wait('W', 'left')]);
  },

  async 'the server closes a connection'(s) {
    const w = s.client('W');
    await s.wait('W', 'welcome');
    await s.ack('W', emitWithAckAll(w, 'join', 'watchers'));
    const a = s.client('A');
    await s.wait('A', 'welcome');
    a.emit('close-me');
    await Promise.all([s.wait('A', 'disconnect'), s.wait('W', 'left')]);
  },

  async 'the client disconnects, then its transport closes'(s) {
    const w = s.client('W');
    await s.wait('W', 'welcome');
    await s.ack('W', emitWithAckAll(w, 'join', 'watchers'));
    const a = s.client('A');
    await s.wait('A', 'welcome');
    a.disconnect();
    await s.wait('W', 'left');
    const b = s.client('B');
    await s.wait('B', 'welcome');
    b.io.engine.close();
    await Promise.all([s.wait('B', 'disconnect'), s.wait('W', 'left', 2)]);
  },

  async 'a middleware refuses the connection'(s) {
    s.client('A', '/', { auth: { token: 'bad' } });
    await s.wait('A', 'connect_error');
  },

  async 'namespaces: custom, dynamic, unknown'(s) {
    s.client('C', '/custom', { auth: { who: 'custom' } });
    s.client('D', '/dyn-7');
    s.client('U', '/nope');
    s.client('X', '/dyn-x');
    await Promise.all([s.wait('C', 'welcome'), s.wait('D', 'welcome'), s.wait('U', 'connect_error'), s.wait('X', 'connect_error')]);
  },

  async 'two namespaces on one connection'(s) {
    const m = s.manager();
    s.client('M', '/', { auth: { main: true } }, m);
    s.client('C', '/custom', { auth: { custom: true } }, m);
    await Promise.all([s.wait('M', 'welcome'), s.wait('C', 'welcome')]);
  },

  async 'catch-all listener'(s) {
    const a = s.client('A');
    await s.wait('A', 'welcome');
    a.emit('any-thing', 1, 'two');
    a.emit('any-other');
    a.emit('not-heard', 1);
    await s.wait('A', 'heard-any', 2);
  },

  async 'a message just over maxHttpBufferSize ends the connection'(s) {
    await oversized(s, 1_010_000);
  },

  async 'a message far over maxHttpBufferSize ends the connection'(s) {
    await oversized(s, 2_000_000);
  },
};

/** What an HTTP answer says, for the served browser client: status, the headers Node sets, the body's digest. */
async function answer(url, path, headers = {}) {
  const r = await fetch(url + path, { headers });
  const body = Buffer.from(await r.arrayBuffer());
  const h = (name) => r.headers.get(name);
  return `${path} ${JSON.stringify(headers)} -> ${r.status} type=${h('content-type')} etag=${h('etag')}`
    + ` cache=${h('cache-control')} encoding=${h('content-encoding')} body=${body.length === 0 ? 'empty'
      : require('node:crypto').createHash('sha256').update(body).digest('hex').slice(0, 16)}`;
}

/** Scenarios that are plain HTTP requests, run once each. */
const HTTP_SCENARIOS = {
  async 'the browser client files'(url) {
    // One "client" per request, so that a difference names the request.
    const seen = {};
    const ask = async (label, path, headers) => {
      seen[label] = [await answer(url, path, headers)];
    };
    for (const file of ['socket.io.js', 'socket.io.js.map', 'socket.io.min.js', 'socket.io.min.js.map',
      'socket.io.msgpack.min.js', 'socket.io.msgpack.min.js.map', 'socket.io.esm.min.js', 'socket.io.esm.min.js.map']) {
      await ask(file, `/socket.io/${file}`, { 'accept-encoding': 'identity' });
    }
    await ask('with a query', '/socket.io/socket.io.min.js?v=1', { 'accept-encoding': 'identity' });
    await ask('etag', '/socket.io/socket.io.js', { 'if-none-match': '"4.8.4"' });
    await ask('weak etag', '/socket.io/socket.io.js', { 'if-none-match': 'W/"4.8.4"' });
    await ask('other etag', '/socket.io/socket.io.js', { 'if-none-match': '"4.8.3"', 'accept-encoding': 'identity' });
    await ask('gzip, deflate, br', '/socket.io/socket.io.js', { 'accept-encoding': 'gzip, deflate, br' });
    await ask('deflate first', '/socket.io/socket.io.js', { 'accept-encoding': 'deflate, gzip;q=0.5' });
    await ask('br only', '/socket.io/socket.io.min.js', { 'accept-encoding': 'br' });
    await ask('no such bundle', '/socket.io/socket.io.msgpack.js', { 'accept-encoding': 'identity' });
    await ask('longer path', '/socket.io/socket.io.jsx', { 'accept-encoding': 'identity' });
    return seen;
  },
};

/**
 * Runs every scenario (those whose name holds `only`) against `url`; with `parserName` "msgpack" the clients use
 * socket.io-msgpack-parser (the server must too), the HTTP scenarios are left out and the keys say {msgpack}.
 */
async function runAll(url, only, parserName) {
  const results = {};
  const parser = parserName === 'msgpack' ? require('socket.io-msgpack-parser') : undefined;
  const suffix = parser ? ' {msgpack}' : '';
  for (const [name, scenario] of Object.entries(parser ? {} : HTTP_SCENARIOS)) {
    if (only && !name.includes(only)) continue;
    try {
      results[`${name} [http]`] = await scenario(url);
    } catch (e) {
      results[`${name} [http]`] = { threw: [e.message] };
    }
  }
  for (const [name, scenario] of Object.entries(SCENARIOS)) {
    if (only && !name.includes(only)) continue;
    for (const [transportName, transports] of Object.entries(TRANSPORTS)) {
      const s = new Scenario(url, transports, parser);
      try {
        await scenario(s);
      } catch (e) {
        s.record('scenario', 'threw', e);
      } finally {
        s.close();
      }
      results[`${name} [${transportName}]${suffix}`] = s.heard;
      await new Promise((r) => setTimeout(r, 50)); // let the server see the clients go before the next one
    }
  }
  return results;
}

module.exports = { runAll, SCENARIOS, HTTP_SCENARIOS, TRANSPORTS };

if (require.main === module) {
  const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));
  runAll(args.url || 'http://127.0.0.1:3000', args.only, args.parser).then((r) => {
    console.log(JSON.stringify(r, null, 1));
    process.exit(0);
  });
}
