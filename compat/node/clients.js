'use strict';
// The clients a scenario drives, each recording what it saw in comparable form:
//  - PusherJsClient: the real pusher-js (WebSocket transport only), with every frame its socket received
//    recorded raw (through its own runtime hook) and what pusher-js itself reported (decrypted events,
//    presence members, connection states and errors);
//  - RawSocket: a plain `ws` socket for frames no client library would send;
//  - Sdk: the real `pusher` server SDK, each call reduced to {status, body} as the SDK reports it.

const { EventEmitter } = require('node:events');
const Pusher = require('pusher-js');
const PusherSdk = require('pusher');
const WebSocket = require('ws');
const { frame, body } = require('./normalise');
const { ENCRYPTION_MASTER_KEY_BASE64 } = require('./apps');

const WAIT_MS = 10_000;

// pusher-js creates its sockets through its runtime; wrapping that factory lets us see the exact frames
// of every socket without touching pusher-js's own handling. A client finds its socket by the socket id
// in the socket's first frame.
const sockets = [];
const FayeClient = Pusher.Runtime.getWebSocketAPI();
Pusher.Runtime.createWebSocket = function createRecordedWebSocket(url) {
  const socket = new FayeClient(url);
  const record = { texts: [], closeCode: null, events: new EventEmitter() };
  socket.addEventListener('message', (e) => {
    record.texts.push(String(e.data));
    record.events.emit('change');
  });
  socket.addEventListener('close', (e) => {
    record.closeCode = e.code;
    record.closeReason = e.reason;
    record.events.emit('change');
  });
  sockets.push(record);
  if (sockets.length > 200) sockets.shift();
  return socket;
};

/** Waits until `test()` returns a truthy value (re-checked on every `change` of `emitter`), or null after `ms`. */
function waitOn(emitter, test, ms) {
  const now = test();
  if (now) return Promise.resolve(now);
  return new Promise((resolve) => {
    const check = () => {
      const v = test();
      if (v) done(v);
    };
    const timer = setTimeout(() => done(null), ms);
    function done(v) {
      clearTimeout(timer);
      emitter.off('change', check);
      resolve(v);
    }
    emitter.on('change', check);
  });
}

/**
 * A log of normalised frames with a cursor: `take()` returns what arrived since the previous take.
 * Pings, pongs and the harness's marker events are left out: they are the harness's, not the scenario's.
 */
class FrameLog {
  constructor(names) {
    this.names = names;
    this.texts = [];
    this.cursor = 0;
    this.closeCode = null;
    this.closeReason = null;
    this.events = new EventEmitter();
  }

  frames(from = 0) {
    return this.texts.slice(from).map((t) => frame(t, this.names));
  }

  /** Frames since the last take, without pings, pongs and markers. */
  take() {
    const out = this.frames(this.cursor).filter((f) => !isHarnessFrame(f));
    this.cursor = this.texts.length;
    return out;
  }

  /** The first frame since the cursor that `test` accepts, waiting for it; null after the wait. */
  async until(test, ms = WAIT_MS) {
    return waitOn(this.events, () => this.frames(this.cursor).find(test), ms);
  }

  async closed(ms = WAIT_MS) {
    return waitOn(this.events, () => (this.closeCode !== null ? this.closeCode : null), ms);
  }
}

function isHarnessFrame(f) {
  return f.event === 'pusher:pong' || f.event === 'pusher:ping' || f.event === 'compat-marker';
}

/** The options every pusher-js client gets: WebSocket only, plain text, no stats. */
function pusherJsOptions(target, extra) {
  return {
    wsHost: target.wsHost,
    wsPort: target.wsPort,
    forceTLS: false,
    enabledTransports: ['ws'],
    disableStats: true,
    cluster: 'mt1',
    ...extra,
  };
}

class PusherJsClient {
  /**
   * @param ctx      the scenario's context (socket names, target, apps)
   * @param name     the client's name in results
   * @param app      the app it connects to
   * @param options  {signer: Sdk that signs channel authorizations (default: the app's own),
   *                  user: user data for sign-in, presence: {user_id, user_info} for presence channels,
   *                  ws: {wsHost, wsPort} to connect to instead of the target's}
   */
  constructor(ctx, name, app, options = {}) {
    this.ctx = ctx;
    this.name = name;
    this.app = app;
    this.log = new FrameLog(ctx.names);
    this.states = [];
    this.errors = [];
    this.channelEvents = [];
    const signer = options.signer || ctx.sdk(app);
    const presence = options.presence;
    const user = options.user;
    this.pusher = new Pusher(app.key, pusherJsOptions(options.ws || ctx.target.ws, {
      channelAuthorization: {
        customHandler: ({ socketId, channelName }, callback) => {
          try {
            const data = channelName.startsWith('presence-') ? presence : undefined;
            callback(null, signer.pusher.authorizeChannel(socketId, channelName, data));
          } catch (e) {
            callback(e, null);
          }
        },
      },
      userAuthentication: {
        customHandler: ({ socketId }, callback) => {
          try {
            callback(null, signer.pusher.authenticateUser(socketId, user));
          } catch (e) {
            callback(e, null);
          }
        },
      },
    }));
    this.pusher.connection.bind('state_change', ({ current }) => {
      this.states.push(current);
      this.log.events.emit('change');
    });
    this.pusher.connection.bind('error', (e) => {
      this.errors.push(e && e.data ? e.data : { type: e && e.type });
      this.log.events.emit('change');
    });
    ctx.closeables.push(() => this.pusher.disconnect());
  }

  /** Waits for the connection; from then on, records the raw frames of its socket. */
  async connected() {
    const state = await waitOn(this.log.events, () => this.states.find((s) => s === 'connected' || s === 'failed' || s === 'unavailable'), WAIT_MS);
    if (state !== 'connected') throw new Error(`${this.name}: not connected (${state || 'timeout'}; states ${this.states.join(',')})`);
    const id = this.pusher.connection.socket_id;
    this.ctx.names.register(id, this.name);
    const socket = sockets.find((s) => s.texts.length > 0 && s.texts[0].includes(id));
    if (!socket) throw new Error(`${this.name}: no recorded socket for ${id}`);
    // Share the socket's arrays, so frames keep arriving in this log.
    this.log.texts = socket.texts;
    socket.events.on('change', () => {
      this.log.closeCode = socket.closeCode;
      this.log.closeReason = socket.closeReason;
      this.log.events.emit('change');
    });
    return this;
  }

  get socketId() {
    return this.pusher.connection.socket_id;
  }

  /** Subscribes and waits for the server's answer (succeeded or error); returns the channel. */
  async subscribe(channelName) {
    const channel = this.pusher.subscribe(channelName);
    channel.bind_global((event, data) => {
      if (event === 'compat-marker') return;
      this.channelEvents.push({ channel: channelName, event, data });
    });
    const answer = await this.log.until((f) => f.channel === channelName
      && (f.event === 'pusher_internal:subscription_succeeded' || f.event === 'pusher:subscription_error'));
    if (!answer) throw new Error(`${this.name}: no answer to the subscription to ${channelName}`);
    return channel;
  }

  /** What pusher-js reported on its channels since the last call (decrypted, parsed, as an app sees it). */
  takeChannelEvents() {
    const out = this.channelEvents.map((e) => this.ctx.names.mask(JSON.parse(JSON.stringify(e))));
    this.channelEvents = [];
    return out;
  }

  take() {
    return this.log.take();
  }

  until(test, ms) {
    return this.log.until(test, ms);
  }

  /** A ping through pusher-js and its pong: the server has handled every frame this client sent before. */
  async roundTrip() {
    const pongs = () => this.log.texts.filter((t) => t.includes('"pusher:pong"')).length;
    const before = pongs();
    this.pusher.send_event('pusher:ping', {});
    const ok = await waitOn(this.log.events, () => pongs() > before, WAIT_MS);
    if (!ok) throw new Error(`${this.name}: no pong`);
  }
}

/** A plain WebSocket, for what pusher-js would never send. */
class RawSocket {
  constructor(ctx, name, key, ws) {
    this.ctx = ctx;
    this.name = name;
    this.log = new FrameLog(ctx.names);
    const where = ws || ctx.target.ws;
    this.socket = new WebSocket(`ws://${where.wsHost}:${where.wsPort}/app/${key}?protocol=7&client=js&version=8.6.0&flash=false`);
    this.socket.on('message', (data, isBinary) => {
      this.log.texts.push(isBinary ? `<binary ${data.length} bytes>` : data.toString('utf8'));
      this.log.events.emit('change');
    });
    this.socket.on('close', (code, reason) => {
      this.log.closeCode = code;
      this.log.closeReason = reason.toString('utf8');
      this.log.events.emit('change');
    });
    this.socket.on('error', () => {
      // The close event follows and is what is recorded.
    });
    ctx.closeables.push(() => this.socket.terminate());
  }

  /** Waits for connection_established (or the close that refuses the connection). */
  async established() {
    const first = await this.log.until((f) => f.event === 'pusher:connection_established' || f.event === 'pusher:error');
    if (first && first.event === 'pusher:connection_established') {
      const raw = JSON.parse(JSON.parse(this.log.texts[0]).data);
      this.ctx.names.register(raw.socket_id, this.name);
      this.socketId = raw.socket_id;
    }
    return this;
  }

  send(text) {
    this.socket.send(text);
  }

  sendBinary(bytes) {
    this.socket.send(Buffer.from(bytes), { binary: true });
  }

  /**
   * Sends a ping and returns every frame up to its pong: the server answers frames of one connection in
   * order, so whatever a preceding frame caused has arrived by then.
   */
  async roundTrip() {
    this.send('{"event":"pusher:ping","data":{}}');
    const pong = await this.log.until((f) => f.event === 'pusher:pong');
    const frames = this.log.frames(this.log.cursor);
    const idx = frames.findIndex((f) => f.event === 'pusher:pong');
    this.log.cursor = this.log.texts.length;
    if (!pong) return { frames, pong: 'none' };
    return frames.slice(0, idx).filter((f) => f.event !== 'pusher:ping');
  }

  take() {
    return this.log.take();
  }

  until(test, ms) {
    return this.log.until(test, ms);
  }

  async closed(ms) {
    return this.log.closed(ms);
  }
}

/** The pusher server SDK on the target's HTTP side, each call reduced to what the SDK reports. */
class Sdk {
  constructor(target, app, options = {}) {
    this.pusher = new PusherSdk({
      appId: app.id,
      key: app.key,
      secret: options.secret || app.secret,
      host: target.http.host,
      port: target.http.port,
      useTLS: false,
      encryptionMasterKeyBase64: ENCRYPTION_MASTER_KEY_BASE64,
      timeout: 10_000,
    });
  }

  /** Runs one SDK call; {status, body} whether the SDK resolved or rejected, {thrown} if it refused to send. */
  async call(fn) {
    let res;
    try {
      res = await fn(this.pusher);
    } catch (e) {
      if (e && e.status) return { status: e.status, body: body(e.body), sdk: 'rejected' };
      return { thrown: e && e.message ? e.message : String(e) };
    }
    return { status: res.status, body: body(await res.text()), sdk: 'resolved' };
  }

  trigger(channels, event, data, params) {
    return this.call((p) => p.trigger(channels, event, data, params));
  }

  triggerBatch(batch) {
    return this.call((p) => p.triggerBatch(batch));
  }

  get(path, params) {
    return this.call((p) => p.get({ path, params }));
  }

  post(path, bodyObject) {
    return this.call((p) => p.post({ path, body: bodyObject }));
  }

  sendToUser(userId, event, data) {
    return this.call((p) => p.sendToUser(userId, event, data));
  }

  terminateUserConnections(userId) {
    return this.call((p) => p.terminateUserConnections(userId));
  }
}

module.exports = { PusherJsClient, RawSocket, Sdk, waitOn, WAIT_MS };
