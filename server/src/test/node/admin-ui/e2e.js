'use strict';
// Drives the Socket.IO Admin UI that Tidings serves, in Debian's chromium through playwright-core, against
// real clients: pusher-js on a Tidings Pusher node and (when given) socket.io-client on a Tidings Socket.IO
// server. Reads its settings from the E2E environment variable (JSON, see AdminUiBrowserTest), prints one
// JSON line per step on stdout, saves screenshots, and exits 0 only when every check passed.
const fs = require('fs');
const os = require('os');
const path = require('path');
const crypto = require('crypto');
const { chromium } = require('playwright-core');
const Pusher = require('pusher-js');
const { io } = require('socket.io-client');

const cfg = JSON.parse(process.env.E2E);
const WAIT = 30000;
const step = (name, extra) => console.log(JSON.stringify(Object.assign({ step: name }, extra || {})));
const until = (what, check, ms = WAIT) => new Promise((resolve, reject) => {
  const started = Date.now();
  const tick = () => {
    let v;
    try { v = check(); } catch (e) { v = undefined; }
    if (v) return resolve(v);
    if (Date.now() - started > ms) return reject(new Error('timed out waiting for ' + what));
    setTimeout(tick, 50);
  };
  tick();
});

function pusherClient() {
  const p = cfg.pusher;
  const sign = (s) => crypto.createHmac('sha256', p.secret).update(s).digest('hex');
  const client = new Pusher(p.key, {
    wsHost: '127.0.0.1', wsPort: p.port, forceTLS: false, enabledTransports: ['ws'], cluster: 'mt1', disableStats: true,
    channelAuthorization: {
      customHandler: ({ socketId, channelName }, callback) => {
        const channelData = JSON.stringify({ user_id: 'alice', user_info: { name: 'Alice' } });
        callback(null, { auth: p.key + ':' + sign(socketId + ':' + channelName + ':' + channelData), channel_data: channelData });
      },
    },
  });
  const seen = { errors: [], states: [] };
  client.connection.bind('error', (e) => seen.errors.push(e && e.data ? e.data.code : String(e)));
  client.connection.bind('state_change', (s) => seen.states.push(s.current));
  return { client, seen };
}

async function main() {
  const shots = cfg.screenshots;
  fs.mkdirSync(shots, { recursive: true });

  // The clients the UI is to show.
  const { client: pusher, seen: pusherSeen } = pusherClient();
  const lobby = pusher.subscribe('presence-lobby');
  await new Promise((resolve, reject) => {
    lobby.bind('pusher:subscription_succeeded', resolve);
    lobby.bind('pusher:subscription_error', (e) => reject(new Error('presence subscription failed: ' + JSON.stringify(e))));
  });
  const pusherId = pusher.connection.socket_id;
  step('pusher-js connected', { socketId: pusherId, channel: 'presence-lobby' });

  let sio = null;
  const sioSeen = { disconnect: null };
  if (cfg.socketio) {
    sio = io(cfg.socketio.url + '/', { transports: ['websocket'], query: { room: cfg.socketio.room }, reconnection: false });
    await new Promise((resolve, reject) => { sio.once('connect', resolve); sio.once('connect_error', reject); });
    sio.on('disconnect', (reason) => { sioSeen.disconnect = reason; });
    step('socket.io-client connected', { socketId: sio.id, room: cfg.socketio.room });
  }

  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-admin-ui-'));
  const browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1400, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = browser.pages()[0] || await browser.newPage();
  try {
    // The page asks for web fonts and icons from CDNs; this machine reaches only loopback: refuse at once.
    await page.route('**/*', (route) => {
      const host = new URL(route.request().url()).hostname;
      return host === '127.0.0.1' || host === 'localhost' ? route.continue() : route.abort();
    });

    await page.goto(cfg.uiUrl);
    const serverUrl = page.getByLabel('Server URL');
    await serverUrl.waitFor({ timeout: WAIT });
    await serverUrl.fill(cfg.serverUrl);
    await page.getByLabel('Username').fill(cfg.username);
    await page.getByLabel('Password').fill(cfg.wrongPassword);
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.getByText('Invalid credentials').waitFor({ timeout: WAIT });
    await page.screenshot({ path: path.join(shots, 'admin-ui-login-refused.png') });
    step('wrong credentials refused');

    await page.getByLabel('Password').fill(cfg.password);
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.getByLabel('Server URL').waitFor({ state: 'hidden', timeout: WAIT });
    step('logged in');

    await page.goto(cfg.uiUrl + '#/servers/');
    for (const id of cfg.servers) await page.getByRole('cell', { name: id, exact: true }).waitFor({ timeout: WAIT });
    await page.screenshot({ path: path.join(shots, 'admin-ui-servers.png') });
    step('servers shown', { servers: cfg.servers });

    await page.goto(cfg.uiUrl + '#/');
    await page.waitForTimeout(2500); // one more server_stats, so the charts have a point
    await page.screenshot({ path: path.join(shots, 'admin-ui-dashboard.png') });

    // Vuetify's v-select: the current choice is shown in .v-select__selection; the choices open in a menu.
    const selectNamespace = async (name) => {
      const current = page.locator('.v-main .v-select__selection').first();
      await current.waitFor({ timeout: WAIT });
      if ((await current.innerText()).trim() === name) return;
      await page.locator('.v-main .v-select .v-input__slot').first().click();
      await page.locator('.menuable__content__active .v-list-item').filter({ hasText: new RegExp('^\\s*' + name.replace(/[/]/g, '\\/') + '\\s*$') }).first().click();
      await page.locator('.v-main .v-select__selection', { hasText: name }).first().waitFor({ timeout: WAIT });
    };

    await page.goto(cfg.uiUrl + '#/sockets/');
    await selectNamespace(cfg.pusher.namespace);
    await page.getByRole('cell', { name: pusherId, exact: true }).waitFor({ timeout: WAIT });
    step('pusher-js socket shown', { namespace: cfg.pusher.namespace, socketId: pusherId });
    if (sio) {
      await selectNamespace('/');
      await page.getByRole('cell', { name: sio.id, exact: true }).waitFor({ timeout: WAIT });
      await page.screenshot({ path: path.join(shots, 'admin-ui-sockets.png') });
      step('socket.io-client socket shown', { namespace: '/', socketId: sio.id });
    }

    await page.goto(cfg.uiUrl + '#/rooms/');
    await selectNamespace(cfg.pusher.namespace);
    await page.getByRole('cell', { name: 'presence-lobby', exact: true }).waitFor({ timeout: WAIT });
    await page.screenshot({ path: path.join(shots, 'admin-ui-rooms.png') });
    step('pusher channel shown as a room', { room: 'presence-lobby' });
    if (sio) {
      await selectNamespace('/');
      await page.getByRole('cell', { name: cfg.socketio.room, exact: true }).waitFor({ timeout: WAIT });
      step('socket.io room shown', { room: cfg.socketio.room });
    }

    // A Pusher connection's page: its presence membership is the socket's data.
    await page.goto(cfg.uiUrl + '#/n/' + encodeURIComponent(cfg.pusher.namespace) + '/sockets/' + pusherId);
    await page.getByText('"alice"').first().waitFor({ timeout: WAIT });
    await page.screenshot({ path: path.join(shots, 'admin-ui-socket.png') });
    step('pusher presence member in the socket data', { user_id: 'alice' });

    await page.goto(cfg.uiUrl + '#/events/');
    await selectNamespace(cfg.pusher.namespace);
    lobby.trigger('client-wave', { from: 'alice' });
    await page.getByText('client-wave').first().waitFor({ timeout: WAIT });
    step('pusher client event in the stream', { event: 'client-wave' });
    if (sio) {
      await selectNamespace('/');
      sio.emit('chat', 'hello from the browser test');
      await page.getByText('chat', { exact: true }).first().waitFor({ timeout: WAIT });
      step('socket.io event in the stream', { event: 'chat' });
    }
    await page.screenshot({ path: path.join(shots, 'admin-ui-events.png') });

    await page.goto(cfg.uiUrl + '#/sockets/');
    await selectNamespace(cfg.pusher.namespace);
    await page.getByRole('row').filter({ hasText: pusherId }).getByRole('button').click();
    await until('pusher-js to be disconnected with 4009', () => pusherSeen.errors.includes(4009));
    step('pusher-js disconnected from the UI', { code: 4009, states: pusherSeen.states });
    if (sio) {
      // The click reached the row too, which opened the socket's page: back to the list.
      await page.goto(cfg.uiUrl + '#/sockets/');
      await selectNamespace('/');
      await page.getByRole('row').filter({ hasText: sio.id }).getByRole('button').click();
      await until('socket.io-client to be disconnected', () => sioSeen.disconnect);
      step('socket.io-client disconnected from the UI', { reason: sioSeen.disconnect });
    }
  } catch (e) {
    await page.screenshot({ path: path.join(shots, 'failure.png') }).catch(() => {});
    throw e;
  } finally {
    await browser.close();
    pusher.disconnect();
    if (sio) sio.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  step('done');
}

main().then(() => process.exit(0), (e) => {
  console.log(JSON.stringify({ step: 'failed', error: String(e && e.stack || e) }));
  process.exit(1);
});
