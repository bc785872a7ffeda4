'use strict';
// Scenarios of users (sign-in, delivery, termination, the deadline) and of the HTTP API (queries, errors).

const { sleep, untilClosed, signUser, sortUsers, leaveAll, plain, expectContinue } = require('./scenario-kit');

const scenarios = {};

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

module.exports = scenarios;
