'use strict';
// Differences between what socket.io-client saw from Node socket.io 4.8.4 and from Tidings that are known
// and accepted, each with why. An entry matches one scenario (substring of its name, so it can cover the
// three transports) and one client, and holds both sides' lines exactly; anything else fails the run.
//   { scenario: '…', client: 'A', node: [...], tidings: [...], why: '…' }
const EXPECTED = [];

module.exports = { EXPECTED };
