'use strict';
// Differences between what socket.io-client saw from Node socket.io 4.8.4 and from Tidings that are known
// and accepted, each with why. An entry matches one scenario (substring of its name, transport included)
// and one client, and holds both sides' lines exactly; anything else fails the run.
//   { scenario: '…', client: 'A', node: [...], tidings: [...], why: '…', race: true }
// `race`: the difference is the outcome of a race that Node's side wins more often; runs may not show it.
// `eitherWay`: the same two outcomes may also come swapped (Node's listed one on Tidings, Tidings' on Node).
const WELCOME = 'welcome [{"auth":{},"nsp":"/","query":null}]';
const WATCHING = ['connect', WELCOME, '<ack> [["watchers"]]'];

const EXPECTED = [
  {
    scenario: 'the browser client files [http]',
    client: 'br only',
    node: ['/socket.io/socket.io.min.js {"accept-encoding":"br"} -> 200 type=application/javascript; charset=utf-8 '
      + 'etag="4.8.4" cache=public, max-age=0 encoding=br body=d5d79a35039e860b'],
    tidings: ['/socket.io/socket.io.min.js {"accept-encoding":"br"} -> 200 type=application/javascript; charset=utf-8 '
      + 'etag="4.8.4" cache=public, max-age=0 encoding=null body=d5d79a35039e860b'],
    why: 'Tidings has no Brotli encoder: a client that accepts only br gets the file as it is (browsers list gzip '
      + 'first and get gzip from both)',
  },
  {
    scenario: 'a message just over maxHttpBufferSize ends the connection [polling]',
    client: 'A',
    node: ['connect', WELCOME, 'disconnect ["transport close"]'],
    tidings: ['connect', WELCOME, 'disconnect ["transport error"]'],
    why: 'both servers answer the POST 413 and close the session with "transport error" (the watcher hears '
      + 'the same reason), sending the close packet to the held poll. Node does it while the body is still '
      + 'arriving and destroys the request, so the client reads the held poll\'s close packet first; Tidings '
      + 'reads a request whole before the engine sees it (docs/SOCKETIO.md), so the client has finished '
      + 'sending and usually reads the 413 first: "transport error" instead of "transport close". On a busy '
      + 'machine either server can lose the race either way, so the two outcomes also come swapped (seen once '
      + 'in a CI run of 2026-12-05)',
    race: true,
    eitherWay: true,
  },
  {
    scenario: 'a message far over maxHttpBufferSize ends the connection [polling]',
    client: 'A',
    node: ['connect', WELCOME, 'disconnect ["transport close"]'],
    tidings: ['connect', WELCOME, 'disconnect ["transport error"]'],
    why: 'over the transport\'s own body limit (1 MiB by default, at least maxHttpBufferSize) the transport '
      + 'answers 413 before the engine sees the request, and the session stays open: the client fails its '
      + 'POST and closes ("transport error"); Node reads up to maxHttpBufferSize whatever the size',
  },
  {
    scenario: 'a message far over maxHttpBufferSize ends the connection [polling]',
    client: 'W',
    node: [...WATCHING, 'left ["transport error"]', 'disconnect ["io client disconnect"]'],
    tidings: [...WATCHING, 'left ["transport close"]', 'disconnect ["io client disconnect"]'],
    why: 'the same: the server learns of the end from the client closing ("transport close"), not from '
      + 'the body ("transport error", "payload too large")',
  },
  {
    scenario: 'a message just over maxHttpBufferSize ends the connection [polling] {msgpack}',
    client: 'W',
    node: [...WATCHING, 'left ["transport error"]', 'disconnect ["io client disconnect"]'],
    tidings: [...WATCHING, 'left ["transport close"]', 'disconnect ["io client disconnect"]'],
    why: 'a msgpack packet is binary, which polling carries as base64: the 1,010,000-byte message is a '
      + '1.35 MB body, over the transport\'s 1 MiB limit, so this is the "far over" case above',
  },
];

module.exports = { EXPECTED };
