'use strict';
// Scenarios of the connection itself: the handshake, refused connections, client events between
// connections, and frames no client library would send.

const { waitOn, WAIT_MS } = require('./clients');
const { SOCKET_ID } = require('./normalise');
const { sleep, untilClosed } = require('./scenario-kit');

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

module.exports = scenarios;
