'use strict';
// Scenarios of channels: public, private, encrypted, presence (and its limits), cache channels.

const { membersOf, sortUsers } = require('./scenario-kit');

const scenarios = {};

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

module.exports = scenarios;
