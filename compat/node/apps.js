'use strict';
// The apps every server under comparison is started with. Soketi and Tidings both read this list from
// `--config=FILE` as `appManager.array.apps`, so one definition configures both identically.
// Each app exists for one kind of scenario; limits are small so a scenario reaches them in a few calls.

const APPS = {
  // The everyday app: client events on, defaults otherwise.
  main: { id: 'app-id', key: 'app-key', secret: 'app-secret', enableClientMessages: true },
  // Client events off (the Soketi default).
  quiet: { id: 'quiet-id', key: 'quiet-key', secret: 'quiet-secret' },
  // Sign-in required: Soketi only honours pusher:signin when this flag is on (COMPATIBILITY W15).
  users: { id: 'users-id', key: 'users-key', secret: 'users-secret', enableClientMessages: true, enableUserAuthentication: true },
  // Small limits, reached in one or two calls.
  limited: {
    id: 'limited-id', key: 'limited-key', secret: 'limited-secret', enableClientMessages: true,
    maxPresenceMembersPerChannel: 2,
    maxPresenceMemberSizeInKb: 1,
    maxChannelNameLength: 30,
    maxEventChannelsAtOnce: 2,
    maxEventNameLength: 20,
    maxEventPayloadInKb: 1,
    maxEventBatchSize: 2,
  },
  // Rate limits, reached by repeating a call until refused. (Soketi's config-file spelling is
  // ...PerSecond; the table's columns are max_..._per_sec.)
  throttled: {
    id: 'throttled-id', key: 'throttled-key', secret: 'throttled-secret', enableClientMessages: true,
    maxBackendEventsPerSecond: 2, maxReadRequestsPerSecond: 2, maxClientEventsPerSecond: 2,
  },
  // One connection at most.
  small: { id: 'small-id', key: 'small-key', secret: 'small-secret', maxConnections: 1 },
  // Channel queries only, so `GET /channels` lists nothing another scenario left behind.
  stats: { id: 'stats-id', key: 'stats-key', secret: 'stats-secret' },
  // Switched off.
  disabled: { id: 'disabled-id', key: 'disabled-key', secret: 'disabled-secret', enabled: false },
};

// Server-wide settings both servers get in the same config file.
const SERVER_OPTIONS = {
  // A body over this size gets a real 413 from both servers (COMPATIBILITY H1: "real in both").
  'httpApi.requestLimitInMb': 1,
  // The `users` app's sockets must sign in (or subscribe to a private channel) within this many ms.
  userAuthenticationTimeout: 3000,
};

// The 32-byte master key of encrypted channels (base64), known to the SDK only: servers never see it.
const ENCRYPTION_MASTER_KEY_BASE64 = Buffer.from('tidings-compat-master-key-32byte').toString('base64');

/** The `--config` JSON object for a server. */
function serverConfig() {
  return { 'appManager.array.apps': Object.values(APPS), ...SERVER_OPTIONS };
}

module.exports = { APPS, ENCRYPTION_MASTER_KEY_BASE64, serverConfig };
