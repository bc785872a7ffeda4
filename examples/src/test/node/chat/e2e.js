'use strict';
// Drives the chat example's page in Debian's chromium through playwright-core: two people (two browser
// contexts) pick nicknames, see each other join, type, talk, and one leaves. The page loads the browser
// client the server serves (/socket.io/socket.io.js). Settings from the environment: CHAT_URL, SCREENSHOT.
// Prints one JSON line per step on stdout and exits 0 only when every step passed.
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const URL = process.env.CHAT_URL;
const SCREENSHOT = process.env.SCREENSHOT;
const WAIT = 30000;
const step = (name, extra) => console.log(JSON.stringify(Object.assign({ step: name }, extra || {})));

async function join(browser, nickname) {
  const context = await browser.newContext({ viewport: { width: 900, height: 600 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(URL);
  await page.fill('#nickname', nickname);
  await page.press('#nickname', 'Enter');
  await page.waitForSelector('#chat', { state: 'visible', timeout: WAIT });
  await page.waitForSelector('#login', { state: 'hidden', timeout: WAIT });
  await page.waitForSelector('#messages li.log:has-text("Welcome to the Tidings chat")', { timeout: WAIT });
  return { context, page, errors };
}

const text = (page, selector) => page.textContent(selector);
const line = (page, nick, message) => page.waitForSelector(
  `#messages li:has(span.nick:text-is("${nick}")):has-text("${message}")`, { timeout: WAIT });

async function main() {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium', headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const ann = await join(browser, 'Ann');
    step('ann joined', { participants: await text(ann.page, '#participants') });
    if ((await text(ann.page, '#participants')) !== '· you are alone') throw new Error('Ann is not alone at first');

    const bob = await join(browser, 'Bob');
    await ann.page.waitForSelector('#messages li.log:has-text("Bob joined")', { timeout: WAIT });
    await ann.page.waitForFunction(() => document.querySelector('#participants').textContent === '· 2 participants',
      null, { timeout: WAIT });
    step('ann saw bob join');

    await bob.page.type('#message', 'hello Ann', { delay: 20 });
    await ann.page.waitForFunction(() => document.querySelector('#typing').textContent === 'Bob is typing…', null,
      { timeout: WAIT });
    step('ann saw bob typing');
    await bob.page.press('#message', 'Enter');
    await line(ann.page, 'Bob', 'hello Ann');
    await ann.page.waitForFunction(() => document.querySelector('#typing').textContent === '', null, { timeout: WAIT });
    await line(bob.page, 'Bob', 'hello Ann'); // the sender's own line, shown locally
    step('ann got bob\'s message');

    await ann.page.fill('#message', 'hi Bob, welcome');
    await ann.page.press('#message', 'Enter');
    await line(bob.page, 'Ann', 'hi Bob, welcome');
    step('bob got ann\'s message');

    if (SCREENSHOT) {
      fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
      await ann.page.screenshot({ path: SCREENSHOT });
    }

    await bob.context.close();
    await ann.page.waitForSelector('#messages li.log:has-text("Bob left")', { timeout: WAIT });
    await ann.page.waitForFunction(() => document.querySelector('#participants').textContent === '· you are alone',
      null, { timeout: WAIT });
    step('ann saw bob leave');

    const errors = [...ann.errors, ...bob.errors];
    if (errors.length) throw new Error('errors in the page: ' + errors.join('; '));
    step('done');
  } finally {
    await browser.close();
  }
}

main().then(() => process.exit(0), (e) => {
  step('failed', { error: String(e && e.stack || e) });
  process.exit(1);
});
