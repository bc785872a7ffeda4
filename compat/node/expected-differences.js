'use strict';
// The differences between Soketi 1.6.1 and Tidings that docs/COMPATIBILITY.md documents, each where a
// scenario shows it, with the exact value on each side. Nothing else may differ. `row` is the row of
// COMPATIBILITY.md; `compat` says what becomes of the rule with SOKETI_COMPAT_HTTP_200_ERRORS=true:
// 'gone' (the switch removes the difference) or Tidings' value under the switch.

/** Tidings' answer to a frame Soketi ignores (W1, W2, W3): an error with a null code. */
function nullCodeError(message) {
  return { data: { code: null, message }, data_is: 'object', event: 'pusher:error' };
}

/** Encrypted channels: Soketi's frame has no data, Tidings' has "{}" (W11). */
function encryptedFrame(channel, event) {
  return {
    reference: { channel, data_is: 'absent', event },
    actual: { channel, data: {}, data_is: 'json string', event },
  };
}

/** The same as pusher-js reports it to the app: no data vs {}. */
function encryptedPusherJs(channel, event) {
  return { reference: { channel, event }, actual: { channel, event, data: {} } };
}

/** An API error: Soketi sends it with HTTP 200 (the SDK resolves), Tidings with its status (the SDK rejects). */
function h1(at, status) {
  return [
    { row: 'H1', at: `${at}.status`, reference: 200, actual: status, why: `status ${status} vs 200`, compat: 'gone' },
    { row: 'H1', at: `${at}.sdk`, reference: 'resolved', actual: 'rejected', why: `the SDK rejects a ${status}, resolves a 200`, compat: 'gone' },
  ];
}

const EXPECTED = [
  {
    row: 'W1', at: 'malformed-frames:answers.notJson', reference: [],
    actual: [nullCodeError('Invalid JSON: the frame could not be parsed.')], why: 'a frame that is not JSON: ignored vs pusher:error',
  },
  {
    row: 'W1', at: 'malformed-frames:answers.notAnObject', reference: [],
    actual: [nullCodeError('A frame must be a JSON object.')], why: 'a frame that is not a JSON object: ignored vs pusher:error',
  },
  {
    row: 'W1', at: 'malformed-frames:answers.eventNotAString', reference: [],
    actual: [nullCodeError('The event field must be a string.')], why: 'event not a string: ignored vs pusher:error',
  },
  {
    row: 'W2', at: 'malformed-frames:answers.unknownEvent', reference: [],
    actual: [nullCodeError('Unsupported event: pusher:shout')], why: 'an unknown event: ignored vs pusher:error',
  },
  {
    row: 'W3', at: 'malformed-frames:answers.binary', reference: [],
    actual: [nullCodeError('Binary frames are not supported.')], why: 'a binary frame: ignored vs pusher:error',
  },
  {
    row: 'W8', at: 'private-channel:raw.xprivate',
    reference: [{
      channel: 'xprivate-room', data: { error: 'The connection is unauthorized.', status: 401, type: 'AuthError' },
      data_is: 'object', event: 'pusher:subscription_error',
    }],
    actual: [{ channel: 'xprivate-room', data_is: 'absent', event: 'pusher_internal:subscription_succeeded' }],
    why: '"xprivate-room" is private to an unanchored pattern, public by prefix',
  },
  {
    row: 'W9', at: 'client-events:publicChannel.r1Unanchored', reference: [],
    actual: [nullCodeError('Unsupported event: xclient-public')], why: '"xclient-public" is a client event to an unanchored pattern, an unknown event (W2) by prefix',
  },
  {
    row: 'W9', at: 'client-events:publicChannel.r2Received',
    reference: [
      { channel: 'public-chat', data: { p: 1 }, data_is: 'object', event: 'client-public' },
      { channel: 'public-chat', data_is: 'absent', event: 'client-nodata' },
      { channel: 'public-chat', data: { p: 3 }, data_is: 'object', event: 'xclient-public' },
      { channel: 'public-chat', data: { p: 4 }, data_is: 'object', event: 'client-last' },
    ],
    actual: [
      { channel: 'public-chat', data: { p: 1 }, data_is: 'object', event: 'client-public' },
      { channel: 'public-chat', data_is: 'absent', event: 'client-nodata' },
      { channel: 'public-chat', data: { p: 4 }, data_is: 'object', event: 'client-last' },
    ],
    why: 'Soketi relays "xclient-public" to the other subscriber; Tidings does not',
  },
  { row: 'W11', at: 'encrypted-channel:alice.0', ...encryptedFrame('private-encrypted-vault', 'pusher_internal:subscription_succeeded'), why: 'subscription_succeeded of an encrypted channel: no data vs "{}"' },
  { row: 'W11', at: 'encrypted-channel:seenByPusherJs.alice.0', ...encryptedPusherJs('private-encrypted-vault', 'pusher:subscription_succeeded'), why: 'pusher-js hands the app undefined vs {}' },
  { row: 'W11', at: 'cache-channels:misses.4', ...encryptedFrame('private-encrypted-cache-vault', 'pusher_internal:subscription_succeeded'), why: 'encrypted cache channel: no data vs "{}"' },
  { row: 'W11', at: 'cache-channels:misses.5', ...encryptedFrame('private-encrypted-cache-vault', 'pusher:cache_miss'), why: 'cache_miss on an encrypted cache channel: no data vs "{}"' },
  { row: 'W11', at: 'cache-channels:missesPusherJs.4', ...encryptedPusherJs('private-encrypted-cache-vault', 'pusher:subscription_succeeded'), why: 'pusher-js hands the app undefined vs {}' },
  { row: 'W11', at: 'cache-channels:missesPusherJs.5', ...encryptedPusherJs('private-encrypted-cache-vault', 'pusher:cache_miss'), why: 'pusher-js hands the app undefined vs {}' },
  { row: 'W11', at: 'cache-channels:replayed.4', ...encryptedFrame('private-encrypted-cache-vault', 'pusher_internal:subscription_succeeded'), why: 'encrypted cache channel: no data vs "{}"' },
  { row: 'W11', at: 'cache-channels:replayedPusherJs.4', ...encryptedPusherJs('private-encrypted-cache-vault', 'pusher:subscription_succeeded'), why: 'pusher-js hands the app undefined vs {}' },
  {
    row: 'W13', at: 'presence-limits:u1again',
    reference: [{
      channel: 'presence-full',
      data: { error: 'The maximum members per presence channel limit was reached', status: 4100, type: 'LimitReached' },
      data_is: 'object', event: 'pusher:subscription_error',
    }],
    actual: [{
      channel: 'presence-full',
      data: { presence: { count: 2, hash: { u1: { n: 1 }, u2: { n: 2 } }, ids: ['u1', 'u2'] } },
      data_is: 'json string', event: 'pusher_internal:subscription_succeeded',
    }],
    why: 'a second socket of a user already in a full presence channel: refused vs admitted',
  },
  {
    row: 'W15', at: 'user-sign-in:signInNotRequired', reference: [],
    actual: [{ data: { auth: 'app-key:<signature>', user_data: '{"id":"casual"}' }, data_is: 'object', event: 'pusher:signin_success' }],
    why: 'pusher:signin on an app without enable_user_authentication: ignored vs honoured',
  },
  ...h1('channel-queries:usersOfPublic', 400),
  ...h1('api-errors:unknownApp', 404),
  ...h1('api-errors:unknownAppRead', 404),
  ...h1('api-errors:wrongSecret', 401),
  ...h1('api-errors:wrongSecretRead', 401),
  ...h1('api-errors:withoutData', 400),
  ...h1('api-errors:payloadTooLarge', 413),
  ...h1('api-errors:tooManyChannels', 400),
  ...h1('api-errors:nameTooLong', 400),
  ...h1('api-errors:batchTooLarge', 400),
  ...h1('api-errors:backendRateLimited', 429),
  ...h1('api-errors:readRateLimited', 429),
  {
    row: 'H3', at: 'api-errors:disabledApp',
    reference: { status: 200, body: { ok: true }, sdk: 'resolved' },
    actual: { status: 403, body: { code: 403, error: 'The app is not enabled.' }, sdk: 'rejected' },
    compat: { status: 200, body: { code: 403, error: 'The app is not enabled.' }, sdk: 'resolved' },
    why: 'a disabled app publishes on Soketi; Tidings refuses it (403, or 200 with code 403 under the switch)',
  },
  {
    row: 'H9', at: 'channel-queries:presenceWithUserCount.body.channels.presence-query.user_count',
    reference: undefined, actual: 2, why: 'info=user_count on GET /channels: ignored vs user_count',
  },
];

/** The rules that hold with SOKETI_COMPAT_HTTP_200_ERRORS=true. */
function forCompatSwitch(rules) {
  return rules.filter((r) => r.compat !== 'gone').map((r) => (r.compat ? { ...r, actual: r.compat } : r));
}

module.exports = { EXPECTED, forCompatSwitch };
