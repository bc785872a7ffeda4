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
const { PusherJsClient, RawSocket, Sdk, waitOn, WAIT_MS } = require('./clients');
const { SocketNames, SOCKET_ID, body: parseBody } = require('./normalise');
const crypto = require('node:crypto');

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

scenarios.connection = async (ctx) => {
  const alice = await ctx.client('alice', ctx.apps.main).connected();
  const raw = await ctx.raw('raw', ctx.apps.main.key).established();
  raw.send('{"event":"pusher:ping","data":{}}');
  const pong = await raw.until((f) => f.event === 'pusher:pong');
  return {
    pusherJsStates: alice.states,
    socketIdShape: SOCKET_ID.test(alice.socketId),
    frames: alice.take(),
    pong,
  };
};

scenarios['connection-refusals'] = async (ctx) => {
  const unknown = await untilClosed(await ctx.raw('unknown', 'no-such-key').established());
  const disabled = await untilClosed(await ctx.raw('disabled', ctx.apps.disabled.key).established());
  const first = await ctx.raw('first', ctx.apps.small.key).established();
  const overQuota = await untilClosed(await ctx.raw('second', ctx.apps.small.key).established());
  // pusher-js gives up on 4001 (the app does not exist) for good: it ends disconnected.
  const lost = ctx.client('lost', { key: 'no-such-key', id: 'none', secret: 'none' });
  const ended = ['disconnected', 'failed', 'unavailable'];
  await waitOn(lost.log.events, () => (lost.states.some((s) => ended.includes(s)) ? true : null), WAIT_MS);
  await sleep(200); // a reconnection attempt, if pusher-js made one, would show in its states
  return {
    unknownKey: unknown,
    disabledApp: disabled,
    firstOfSmallApp: first.take(),
    overQuota,
    pusherJsUnknownKey: { states: lost.states, errors: lost.errors },
  };
};

scenarios['public-channel'] = async (ctx) => {
  const main = ctx.apps.main;
  const sdk = ctx.sdk(main);
  const alice = await ctx.client('alice', main).connected();
  const bob = await ctx.client('bob', main, { ws: ctx.ws2 }).connected();
  alice.take();
  bob.take();
  await alice.subscribe('news');
  await bob.subscribe('news');
  await bob.subscribe('sports');
  const subscribed = { alice: alice.take(), bob: bob.take() };

  const single = await sdk.trigger('news', 'flash', { n: 1 });
  const text = await sdk.trigger('news', 'flash', 'plain text');
  const multi = await sdk.trigger(['news', 'sports'], 'multi', { n: 2 });
  const excluding = await sdk.trigger('news', 'not-for-alice', { n: 3 }, { socket_id: alice.socketId });
  const batch = await sdk.triggerBatch([
    { channel: 'news', name: 'batched', data: 'one' },
    { channel: 'sports', name: 'batched', data: JSON.stringify({ two: 2 }) },
  ]);
  await ctx.marker(main, 'news', alice, bob);
  await ctx.marker(main, 'sports', bob);
  const received = { alice: alice.take(), bob: bob.take() };
  const seenByPusherJs = { alice: alice.takeChannelEvents(), bob: bob.takeChannelEvents() };

  alice.pusher.unsubscribe('news');
  await alice.roundTrip();
  await alice.subscribe('aside');
  alice.take();
  const afterUnsubscribe = await sdk.trigger('news', 'after-unsubscribe', { n: 4 });
  await ctx.marker(main, 'news', bob);
  await ctx.marker(main, 'aside', alice);
  return {
    subscribed,
    responses: { single, text, multi, excluding, batch, afterUnsubscribe },
    received,
    seenByPusherJs,
    afterUnsubscribe: { alice: alice.take(), bob: bob.take() },
  };
};

scenarios['private-channel'] = async (ctx) => {
  const main = ctx.apps.main;
  const forger = ctx.sdk(main, { secret: 'not-the-secret' });
  const alice = await ctx.client('alice', main).connected();
  const mallory = await ctx.client('mallory', main, { signer: forger, ws: ctx.ws2 }).connected();
  alice.take();
  mallory.take();
  await alice.subscribe('private-room');
  await mallory.subscribe('private-room');
  const published = await ctx.sdk(main).trigger('private-room', 'secret-plan', { step: 1 });
  await alice.until((f) => f.event === 'secret-plan');

  // Without any auth, and a name that only an unanchored pattern takes for private (COMPATIBILITY W8).
  const raw = await ctx.raw('raw', main.key).established();
  raw.take();
  raw.send(JSON.stringify({ event: 'pusher:subscribe', data: { channel: 'private-room' } }));
  const noAuth = await raw.roundTrip();
  raw.send(JSON.stringify({ event: 'pusher:subscribe', data: { channel: 'xprivate-room' } }));
  const xprivate = await raw.roundTrip();
  return {
    alice: alice.take(),
    mallory: mallory.take(),
    published,
    seenByPusherJs: { alice: alice.takeChannelEvents(), mallory: mallory.takeChannelEvents() },
    raw: { noAuth, xprivate },
  };
};

scenarios['encrypted-channel'] = async (ctx) => {
  const main = ctx.apps.main;
  const alice = await ctx.client('alice', main).connected();
  const mallory = await ctx.client('mallory', main, { signer: ctx.sdk(main, { secret: 'not-the-secret' }), ws: ctx.ws2 }).connected();
  alice.take();
  mallory.take();
  await alice.subscribe('private-encrypted-vault');
  await mallory.subscribe('private-encrypted-vault');
  const published = await ctx.sdk(main).trigger('private-encrypted-vault', 'code', { code: 42, word: 'swordfish' });
  await alice.until((f) => f.event === 'code');
  // The SDK encrypts one channel at a time; it refuses a multi-channel publish with an encrypted one.
  const multi = await ctx.sdk(main).trigger(['private-encrypted-vault', 'news'], 'code', { code: 1 });
  return {
    alice: alice.take(),
    mallory: mallory.take(),
    published,
    multi,
    // Decrypted by pusher-js with the shared secret the SDK's authorizeChannel handed out.
    seenByPusherJs: { alice: alice.takeChannelEvents(), mallory: mallory.takeChannelEvents() },
  };
};

scenarios['presence-channel'] = async (ctx) => {
  const main = ctx.apps.main;
  const sdk = ctx.sdk(main);
  const room = 'presence-room';
  const alice = await ctx.client('alice', main, { presence: { user_id: 'alice', user_info: { name: 'Alice' } } }).connected();
  const bob1 = await ctx.client('bob1', main, { presence: { user_id: 7, user_info: { name: 'Bob' } }, ws: ctx.ws2 }).connected();
  const bob2 = await ctx.client('bob2', main, { presence: { user_id: 7, user_info: { name: 'Bob' } } }).connected();
  const carol = await ctx.client('carol', main, { presence: { user_id: 'carol' }, ws: ctx.ws2 }).connected();
  for (const c of [alice, bob1, bob2, carol]) c.take();

  const aliceChannel = await alice.subscribe(room);
  const alone = membersOf(aliceChannel, ctx.names);
  await bob1.subscribe(room);
  await alice.until((f) => f.event === 'pusher_internal:member_added');
  const bob2Channel = await bob2.subscribe(room); // Bob's second socket: no second member_added
  await carol.subscribe(room); // a member without user_info
  await alice.until((f) => f.event === 'pusher_internal:member_added' && f.data && f.data.user_id === 'carol');
  await ctx.marker(main, room, alice, bob1, bob2, carol);
  const joined = { alice: alice.take(), bob1: bob1.take(), bob2: bob2.take(), carol: carol.take() };
  const membersSeen = { alice: membersOf(aliceChannel, ctx.names), bob2: membersOf(bob2Channel, ctx.names) };

  const info = await ctx.settle(() => sdk.get(`/channels/${room}`, { info: 'user_count,subscription_count' }),
    (r) => r.body && r.body.subscription_count === 4);
  const users = await sdk.get(`/channels/${room}/users`);

  bob2.pusher.disconnect(); // Bob still has a socket: no member_removed
  await ctx.settle(() => sdk.get(`/channels/${room}`), (r) => r.body && r.body.subscription_count === 3);
  await ctx.marker(main, room, alice);
  const afterBob2Left = alice.take();
  bob1.pusher.disconnect(); // Bob's last socket
  await alice.until((f) => f.event === 'pusher_internal:member_removed');
  carol.pusher.unsubscribe(room);
  await alice.until((f) => f.event === 'pusher_internal:member_removed' && f.data && f.data.user_id === 'carol');
  await ctx.marker(main, room, alice);
  return {
    alone,
    joined,
    membersSeen,
    info,
    users: sortUsers(users),
    afterBob2Left,
    afterBobLeft: alice.take(),
    membersAtEnd: membersOf(aliceChannel, ctx.names),
    seenByPusherJs: alice.takeChannelEvents(),
  };
};

/** The order of `users` is the server's map order, which no client relies on. */
function sortUsers(r) {
  if (r.body && Array.isArray(r.body.users)) {
    r.body.users.sort((a, b) => String(a.id).localeCompare(String(b.id)));
  }
  return r;
}

scenarios['presence-limits'] = async (ctx) => {
  const app = ctx.apps.limited;
  const full = 'presence-full';
  const member = (name, user_id, user_info) => ctx.client(name, app, { presence: { user_id, user_info } });
  const u1 = await member('u1', 'u1', { n: 1 }).connected();
  const u2 = await member('u2', 'u2', { n: 2 }).connected();
  const u3 = await member('u3', 'u3', { n: 3 }).connected();
  const u1again = await member('u1again', 'u1', { n: 1 }).connected();
  const big = await member('big', 'big', { blob: 'x'.repeat(1100) }).connected();
  for (const c of [u1, u2, u3, u1again, big]) c.take();
  await u1.subscribe(full);
  await u2.subscribe(full);
  await u3.subscribe(full); // a third user: over the limit of 2
  // u1 is already in; Soketi refuses its second socket too (COMPATIBILITY W13).
  await u1again.subscribe(full);
  await big.subscribe('presence-roomy'); // user_info over 1 KB
  const longName = await ctx.client('long', app).connected();
  longName.take();
  await longName.subscribe('x'.repeat(31)); // over the app's 30 characters
  const raw = await ctx.raw('raw', app.key).established();
  raw.take();
  raw.send(JSON.stringify({ event: 'pusher:subscribe', data: { channel: 'bad name!' } }));
  const badName = await raw.roundTrip();
  raw.send(JSON.stringify({ event: 'pusher:subscribe', data: { channel: 'presence-nodata', auth: 'limited-key:00' } }));
  const noChannelData = await raw.roundTrip();
  return {
    u3: u3.take(),
    u1again: u1again.take(),
    big: big.take(),
    longName: longName.take(),
    badName,
    noChannelData,
  };
};

scenarios['client-events'] = async (ctx) => {
  const main = ctx.apps.main;
  const alice = await ctx.client('alice', main, { presence: { user_id: 'alice', user_info: { a: 1 } } }).connected();
  const bob = await ctx.client('bob', main, { presence: { user_id: 'bob' }, ws: ctx.ws2 }).connected();
  alice.take();
  bob.take();
  const privateA = await alice.subscribe('private-chat');
  await bob.subscribe('private-chat');
  const presenceA = await alice.subscribe('presence-chat');
  await bob.subscribe('presence-chat');
  await alice.until((f) => f.event === 'pusher_internal:member_added');
  alice.take();
  bob.take();
  privateA.trigger('client-typing', { who: 'alice' });
  presenceA.trigger('client-typing', { who: 'alice', where: 'presence' });
  await bob.until((f) => f.event === 'client-typing' && f.channel === 'presence-chat');
  await ctx.marker(main, 'private-chat', alice, bob);
  const relayed = { alice: alice.take(), bob: bob.take(), bobPusherJs: bob.takeChannelEvents() };

  // Raw sockets: a public channel (relayed, as Soketi does), a sender not subscribed (dropped), and a
  // name that only an unanchored pattern takes for a client event (COMPATIBILITY W9).
  const r1 = await ctx.raw('r1', main.key).established();
  const r2 = await ctx.raw('r2', main.key, ctx.ws2).established();
  for (const r of [r1, r2]) {
    r.send(JSON.stringify({ event: 'pusher:subscribe', data: { channel: 'public-chat' } }));
    await r.until((f) => f.event === 'pusher_internal:subscription_succeeded');
    r.take();
  }
  r1.send(JSON.stringify({ event: 'client-public', channel: 'public-chat', data: { p: 1 } }));
  r1.send(JSON.stringify({ event: 'client-elsewhere', channel: 'not-subscribed', data: { p: 2 } }));
  r1.send(JSON.stringify({ event: 'client-nodata', channel: 'public-chat' }));
  const r1Answers = await r1.roundTrip();
  r1.send(JSON.stringify({ event: 'xclient-public', channel: 'public-chat', data: { p: 3 } }));
  const r1Unanchored = await r1.roundTrip();
  // The marker is a client event of r1's too: on a cluster it takes the same path as those before it
  // (an HTTP marker published on r2's node could overtake them).
  r1.send(JSON.stringify({ event: 'client-last', channel: 'public-chat', data: { p: 4 } }));
  await r2.until((f) => f.event === 'client-last');
  const r2Received = r2.take();

  // An app without client events, and an app with small limits.
  const quietApp = ctx.apps.quiet;
  const quiet = await ctx.client('quiet', quietApp).connected();
  const quietChannel = await quiet.subscribe('private-quiet');
  quiet.take();
  quietChannel.trigger('client-hello', { x: 1 });
  await quiet.roundTrip();

  const limitedApp = ctx.apps.limited;
  const small = await ctx.client('small', limitedApp).connected();
  const smallChannel = await small.subscribe('private-small');
  small.take();
  smallChannel.trigger('client-' + 'n'.repeat(20), { x: 1 }); // name over 20
  await small.roundTrip();
  const nameTooLong = small.take();
  smallChannel.trigger('client-big', { blob: 'y'.repeat(1100) }); // data over 1 KB
  await small.roundTrip();
  const dataTooBig = small.take();

  // Per-socket rate limit of 2 a second: send until refused (at most 20).
  const throttledApp = ctx.apps.throttled;
  const chatty = await ctx.client('chatty', throttledApp).connected();
  const chattyChannel = await chatty.subscribe('private-chatty');
  chatty.take();
  let refused = null;
  for (let i = 0; i < 20 && !refused; i++) {
    chattyChannel.trigger('client-chat', { i });
    await chatty.roundTrip();
    refused = chatty.take().find((f) => f.event === 'pusher:error') || null;
  }
  return {
    relayed,
    publicChannel: { r1Answers, r1Unanchored, r2Received },
    disabledForApp: { frames: quiet.take(), pusherJsErrors: quiet.errors },
    limits: { nameTooLong, dataTooBig, rateLimited: refused },
  };
};

scenarios['cache-channels'] = async (ctx) => {
  const main = ctx.apps.main;
  const sdk = ctx.sdk(main);
  const alice = await ctx.client('alice', main).connected();
  alice.take();
  await alice.subscribe('cache-weather');
  await alice.until((f) => f.event === 'pusher:cache_miss');
  await alice.subscribe('private-cache-notes');
  await alice.until((f) => f.event === 'pusher:cache_miss' && f.channel === 'private-cache-notes');
  await alice.subscribe('private-encrypted-cache-vault');
  await alice.until((f) => f.event === 'pusher:cache_miss' && f.channel === 'private-encrypted-cache-vault');
  await alice.subscribe('watch');
  const misses = alice.take();
  const missesPusherJs = alice.takeChannelEvents();

  const published = [
    await sdk.trigger('cache-weather', 'forecast', { t: 20 }),
    await sdk.trigger('cache-weather', 'forecast', { t: 21 }), // the cache keeps the last one
    await sdk.trigger('private-cache-notes', 'note', 'remember'),
    await sdk.trigger('private-encrypted-cache-vault', 'sealed', { s: 1 }),
    await sdk.trigger('cache-unwatched', 'only-cached', { u: 1 }), // no subscriber anywhere
  ];
  // A marker after the publishes: on a cluster, the subscriber's node has cached them by then.
  await ctx.marker(main, 'watch', alice);
  alice.take();
  alice.takeChannelEvents();

  const bob = await ctx.client('bob', main, { ws: ctx.ws2 }).connected();
  bob.take();
  for (const ch of ['cache-weather', 'private-cache-notes', 'private-encrypted-cache-vault', 'cache-unwatched']) {
    await bob.subscribe(ch);
    await bob.until((f) => f.channel === ch && f.event !== 'pusher_internal:subscription_succeeded');
  }
  return { misses, missesPusherJs, published, replayed: bob.take(), replayedPusherJs: bob.takeChannelEvents() };
};

scenarios['user-sign-in'] = async (ctx) => {
  const app = ctx.apps.users;
  const sdk = ctx.sdk(app);
  const neo = { id: 'neo', user_info: { name: 'Neo' } };
  const neo1 = await ctx.client('neo1', app, { user: neo }).connected();
  const neo2 = await ctx.client('neo2', app, { user: neo, ws: ctx.ws2 }).connected();
  const received = { neo1: [], neo2: [] };
  neo1.pusher.user.bind('whisper', (d) => received.neo1.push(d));
  neo2.pusher.user.bind('whisper', (d) => received.neo2.push(d));
  neo1.take();
  neo2.take();
  neo1.pusher.signin();
  neo2.pusher.signin();
  for (const c of [neo1, neo2]) {
    await c.until((f) => f.event === 'pusher_internal:subscription_succeeded' && f.channel === '#server-to-user-neo');
  }
  const signedIn = { neo1: neo1.take(), neo2: neo2.take(), userData: neo1.pusher.user.user_data };

  const sent = await sdk.sendToUser('neo', 'whisper', { text: 'follow the white rabbit' });
  for (const c of [neo1, neo2]) await c.until((f) => f.event === 'whisper');
  const delivered = { neo1: neo1.take(), neo2: neo2.take(), pusherJs: received };

  const terminated = await sdk.terminateUserConnections('neo');
  for (const c of [neo1, neo2]) await c.log.closed();
  await sleep(100);
  const terminatedFrames = {
    neo1: { frames: neo1.take(), close: neo1.log.closeCode, reason: neo1.log.closeReason, errors: neo1.errors },
    neo2: { frames: neo2.take(), close: neo2.log.closeCode, reason: neo2.log.closeReason },
  };

  // A sign-in signed with the wrong secret, one without an id, and one on an app where signing in is
  // not required (COMPATIBILITY W15).
  const agent = await ctx.client('agent', app, { user: { id: 'smith' }, signer: ctx.sdk(app, { secret: 'not-the-secret' }) }).connected();
  agent.take();
  agent.pusher.signin();
  await agent.log.closed();
  const forged = { frames: agent.take(), close: agent.log.closeCode, reason: agent.log.closeReason, errors: agent.errors };

  const nameless = await ctx.raw('nameless', app.key).established();
  nameless.take();
  const userData = JSON.stringify({ name: 'nobody' });
  nameless.send(JSON.stringify({ event: 'pusher:signin', data: { user_data: userData, auth: signUser(app, nameless.socketId, userData) } }));
  const withoutId = await untilClosed(nameless);

  const main = ctx.apps.main;
  const casual = await ctx.raw('casual', main.key).established();
  casual.take();
  const casualData = JSON.stringify({ id: 'casual' });
  casual.send(JSON.stringify({ event: 'pusher:signin', data: { user_data: casualData, auth: signUser(main, casual.socketId, casualData) } }));
  // Soketi never answers; Tidings' answer may take a moment on a loaded machine, so wait a while for it.
  await casual.until((f) => f.event === 'pusher:signin_success', 3000);
  const signInNotRequired = casual.take();
  return { signedIn, sent, delivered, terminated, terminatedFrames, forged, withoutId, signInNotRequired };
};

scenarios['sign-in-deadline'] = async (ctx) => {
  // The users app requires sign-in within userAuthenticationTimeout (3 s): a socket that does nothing is
  // closed; one that subscribed to a private channel, or signed in, is not (COMPATIBILITY W16, kept).
  const app = ctx.apps.users;
  const idle = await ctx.raw('idle', app.key).established();
  const member = await ctx.client('member', app).connected();
  const signed = await ctx.client('signed', app, { user: { id: 'trinity' } }).connected();
  await member.subscribe('private-members');
  signed.pusher.signin();
  await signed.until((f) => f.event === 'pusher:signin_success');
  idle.take();
  member.take();
  signed.take();
  const closed = await untilClosed(idle);
  // Both others are still served after the idle one's deadline passed.
  await member.roundTrip();
  await signed.roundTrip();
  return {
    idle: closed,
    member: { frames: member.take(), close: member.log.closeCode },
    signed: { frames: signed.take(), close: signed.log.closeCode },
  };
};

scenarios['channel-queries'] = async (ctx) => {
  const app = ctx.apps.stats;
  const sdk = ctx.sdk(app);
  const a = await ctx.client('a', app).connected();
  const b = await ctx.client('b', app, { ws: ctx.ws2 }).connected();
  const u1 = await ctx.client('u1', app, { presence: { user_id: 'u1', user_info: { name: 'One' } } }).connected();
  const u2 = await ctx.client('u2', app, { presence: { user_id: 'u2' }, ws: ctx.ws2 }).connected();
  await a.subscribe('query-a');
  await a.subscribe('query-b');
  await b.subscribe('query-a');
  await u1.subscribe('presence-query');
  await u2.subscribe('presence-query');
  const all = await ctx.settle(() => sdk.get('/channels'), (r) => r.body && r.body.channels
    && r.body.channels['query-a'] && r.body.channels['query-a'].subscription_count === 2
    && r.body.channels['presence-query'] && r.body.channels['presence-query'].subscription_count === 2
    && Object.keys(r.body.channels).length === 3);
  const presenceUsers = await ctx.settle(() => sdk.get('/channels/presence-query/users'),
    (r) => r.body && r.body.users && r.body.users.length === 2);
  return {
    all,
    prefixed: await sdk.get('/channels', { filter_by_prefix: 'query-' }),
    prefixedNone: await sdk.get('/channels', { filter_by_prefix: 'nothing-' }),
    presenceWithUserCount: await sdk.get('/channels', { filter_by_prefix: 'presence-', info: 'user_count' }),
    one: await sdk.get('/channels/query-a'),
    oneWithInfo: await sdk.get('/channels/query-a', { info: 'subscription_count' }),
    presence: await sdk.get('/channels/presence-query', { info: 'user_count' }),
    empty: await sdk.get('/channels/nobody-here'),
    emptyPresence: await sdk.get('/channels/presence-nobody'),
    users: sortUsers(presenceUsers),
    usersWithInfo: sortUsers(await sdk.get('/channels/presence-query/users', { with_user_info: '1' })),
    usersOfPublic: await sdk.get('/channels/query-a/users'),
    afterEveryoneLeft: await leaveAll(ctx, sdk, [a, b, u1, u2]),
  };
};

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

scenarios['api-errors'] = async (ctx) => {
  const { main, limited, throttled, disabled } = ctx.apps;
  const sdk = ctx.sdk(main);
  const lim = ctx.sdk(limited);
  const result = {
    unknownApp: await ctx.sdk({ id: 'no-such-app', key: 'no-such-key', secret: 'no-secret' }).trigger('news', 'e', { x: 1 }),
    unknownAppRead: await ctx.sdk({ id: 'no-such-app', key: 'no-such-key', secret: 'no-secret' }).get('/channels'),
    wrongSecret: await ctx.sdk(main, { secret: 'not-the-secret' }).trigger('news', 'e', { x: 1 }),
    wrongSecretRead: await ctx.sdk(main, { secret: 'not-the-secret' }).get('/channels'),
    withoutData: await sdk.trigger('news', 'e', undefined),
    payloadTooLarge: await lim.trigger('news', 'e', 'z'.repeat(1100)),
    tooManyChannels: await lim.trigger(['a', 'b', 'c'], 'e', { x: 1 }),
    nameTooLong: await lim.trigger('news', 'e'.repeat(21), { x: 1 }),
    batchTooLarge: await lim.triggerBatch([1, 2, 3].map((i) => ({ channel: 'news', name: 'e', data: String(i) }))),
    requestTooLarge: await sdk.trigger('news', 'e', 'w'.repeat(1_100_000)), // over httpApi.requestLimitInMb = 1
    unknownRoute: await sdk.get('/no-such-route'),
    disabledApp: await ctx.sdk(disabled).trigger('news', 'e', { x: 1 }),
    expectContinueTooLarge: await expectContinue(ctx.target.http, 2_000_000),
    health: { root: await plain(ctx.target.http, '/'), ready: await plain(ctx.target.http, '/ready') },
    // The SDK's own checks, before anything is sent.
    sdkRefusesSocketId: await sdk.trigger('news', 'e', { x: 1 }, { socket_id: 'not-a-socket-id' }),
  };
  // Backend and read rate limits of 2 a second: repeat until refused (at most 20).
  const thr = ctx.sdk(throttled);
  for (const [key, call] of [['backendRateLimited', () => thr.trigger('news', 'e', { x: 1 })], ['readRateLimited', () => thr.get('/channels')]]) {
    result[key] = null;
    for (let i = 0; i < 20 && !result[key]; i++) {
      const r = await call();
      if (r.status !== 200 || (r.body && r.body.error)) result[key] = r;
    }
  }
  return result;
};

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

scenarios['malformed-frames'] = async (ctx) => {
  const main = ctx.apps.main;
  const raw = await ctx.raw('raw', main.key).established();
  const bystander = await ctx.client('bystander', main).connected();
  await bystander.subscribe('calm');
  raw.take();
  const answers = {};
  const inputs = {
    notJson: 'this is not json',
    notAnObject: '[1,2,3]',
    eventNotAString: '{"event":42,"data":{}}',
    unknownEvent: '{"event":"pusher:shout","data":{}}',
  };
  for (const [name, text] of Object.entries(inputs)) {
    raw.send(text);
    answers[name] = await raw.roundTrip();
  }
  raw.sendBinary([1, 2, 3]);
  answers.binary = await raw.roundTrip();
  // Normal traffic afterwards, on the same connection and on another one.
  raw.send(JSON.stringify({ event: 'pusher:subscribe', data: { channel: 'calm' } }));
  await raw.until((f) => f.event === 'pusher_internal:subscription_succeeded');
  const published = await ctx.sdk(main).trigger('calm', 'still-here', { ok: true });
  await raw.until((f) => f.event === 'still-here');
  await bystander.until((f) => f.event === 'still-here');
  return { answers, afterwards: { raw: raw.take(), bystander: bystander.take(), published } };
};

// ---------------------------------------------------------------------------------------------------

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
