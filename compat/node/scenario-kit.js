'use strict';
// What every scenario uses: its context (target, socket names, clients to close, markers, settling reads)
// and small helpers for presence members, closes, hand-signed sign-ins and raw HTTP requests.

const crypto = require('node:crypto');
const { PusherJsClient, RawSocket, Sdk, WAIT_MS } = require('./clients');
const { SocketNames, body: parseBody } = require('./normalise');

/** Per-scenario state: the target, socket names, what to close at the end, and small helpers. */
function context(target) {
  const ctx = {
    target,
    names: new SocketNames(),
    closeables: [],
    markers: 0,
    sdk: (app, options) => new Sdk(target, app, options),
    client: (name, app, options) => new PusherJsClient(ctx, name, app, options),
    raw: (name, key, ws) => new RawSocket(ctx, name, key, ws),
    /** The target's second node (or the same one) for a scenario's other clients. */
    ws2: target.ws2 || target.ws,
    /**
     * Publishes a marker on `channel` and waits until every client got it. Frames arrive in order on one
     * socket, so whatever the scenario's earlier actions sent to these clients has arrived by then.
     */
    async marker(app, channel, ...clients) {
      const n = ++ctx.markers;
      const res = await ctx.sdk(app).trigger(channel, 'compat-marker', { n });
      if (res.status !== 200 || (res.body && res.body.error)) throw new Error(`marker on ${channel}: ${JSON.stringify(res)}`);
      for (const c of clients) {
        const got = await c.until((f) => f.event === 'compat-marker' && f.channel === channel && f.data && f.data.n === n);
        if (!got) throw new Error(`${c.name} did not get marker ${n} on ${channel}`);
      }
    },
    /** Repeats an SDK read until `test(result)` holds (a cluster's view converges), at most WAIT_MS. */
    async settle(read, test) {
      const deadline = Date.now() + WAIT_MS;
      let r = await read();
      while (!test(r) && Date.now() < deadline) {
        await sleep(100);
        r = await read();
      }
      return r;
    },
  };
  return ctx;
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

function membersOf(channel, names) {
  const list = [];
  channel.members.each((m) => list.push({ id: m.id, info: m.info === undefined ? '<undefined>' : m.info }));
  list.sort((a, b) => String(a.id).localeCompare(String(b.id)));
  return names.mask({ count: channel.members.count, me: channel.members.me, members: list });
}

/** The frames up to a raw socket's close and its close code. */
async function untilClosed(socket) {
  const code = await socket.closed(WAIT_MS);
  return { frames: socket.take(), close: code, reason: socket.log.closeReason };
}

/** Signs a sign-in by hand, for user data the SDK would refuse to sign (a user without an id). */
function signUser(app, socketId, userData) {
  const sig = crypto.createHmac('sha256', app.secret).update(`${socketId}::user::${userData}`).digest('hex');
  return `${app.key}:${sig}`;
}

const scenarios = {};

/** The order of `users` is the server's map order, which no client relies on. */
function sortUsers(r) {
  if (r.body && Array.isArray(r.body.users)) {
    r.body.users.sort((a, b) => String(a.id).localeCompare(String(b.id)));
  }
  return r;
}

/** Disconnects `clients` and reads the app's channels once they are gone (a cluster's view converges). */
async function leaveAll(ctx, sdk, clients) {
  for (const c of clients) c.pusher.disconnect();
  const empty = (r) => r.body && r.body.channels && Object.keys(r.body.channels).length === 0;
  return {
    channels: await ctx.settle(() => sdk.get('/channels'), empty),
    one: await ctx.settle(() => sdk.get('/channels/query-a'), (r) => r.body && r.body.occupied === false),
    presence: await sdk.get('/channels/presence-query'),
    users: await sdk.get('/channels/presence-query/users'),
  };
}

/** A GET without signature: status and body. */
async function plain(http, route) {
  const res = await fetch(`http://${http.host}:${http.port}${route}`);
  return { status: res.status, body: await res.text() };
}

/**
 * A POST of `size` bytes that first asks "Expect: 100-continue" (as curl and PHP clients do for large
 * bodies): the body is sent only if the server says continue. Status and body of the final answer.
 */
function expectContinue(http, size) {
  return new Promise((resolve) => {
    const req = require('node:http').request({
      host: http.host, port: http.port, method: 'POST', path: '/apps/app-id/events?auth_key=app-key',
      headers: { 'content-type': 'application/json', 'content-length': size, expect: '100-continue', connection: 'close' },
    });
    req.on('continue', () => req.end('x'.repeat(size)));
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode, body: parseBody(text) }));
    });
    req.on('error', (e) => resolve({ error: e.code || e.message }));
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
  });
}

module.exports = { context, sleep, membersOf, untilClosed, signUser, sortUsers, leaveAll, plain, expectContinue };
