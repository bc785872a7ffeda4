'use strict';
// Turns what a server sent into values that can be compared across servers: socket ids become the name
// of the client that owns them, `data` strings holding JSON are parsed (and marked as strings, so a
// server that sends an object where the other sends a string still differs), and object keys are sorted
// (JSON objects are unordered; no client depends on key order).

const SOCKET_ID = /^\d+\.\d+$/;
// "<key>:<hex HMAC-SHA256>": channel and sign-in signatures, which cover the random socket id.
const SIGNATURE = /^([A-Za-z0-9_-]+):[0-9a-f]{64}$/;

/** Names socket ids after the clients that own them, so results do not depend on random ids. */
class SocketNames {
  constructor() {
    this.names = new Map();
  }

  register(socketId, name) {
    if (socketId) this.names.set(socketId, name);
  }

  mask(value) {
    if (typeof value === 'string') {
      if (SOCKET_ID.test(value)) return `<socket:${this.names.get(value) || '?'}>`;
      const signature = SIGNATURE.exec(value);
      if (signature) return `${signature[1]}:<signature>`;
      // A JSON string (a presence channel_data, a sign-in user_data) may hold socket ids too.
      if (value.startsWith('{') && value.includes(':')) {
        try {
          return JSON.stringify(canonical(this.mask(JSON.parse(value))));
        } catch {
          return value;
        }
      }
      return value;
    }
    if (Array.isArray(value)) return value.map((v) => this.mask(v));
    if (value && typeof value === 'object') {
      const out = {};
      for (const k of Object.keys(value)) out[k] = this.mask(value[k]);
      return out;
    }
    return value;
  }
}

/** A WebSocket text frame as a comparable object. */
function frame(text, names) {
  let message;
  try {
    message = JSON.parse(text);
  } catch {
    return { unparsable: text };
  }
  if (!message || typeof message !== 'object' || Array.isArray(message)) return { json: message };
  const out = { ...message };
  if (!('data' in message)) {
    out.data_is = 'absent';
  } else if (typeof message.data === 'string') {
    try {
      out.data = JSON.parse(message.data);
      out.data_is = 'json string';
    } catch {
      out.data_is = 'string';
    }
  } else {
    out.data_is = message.data === null ? 'null' : typeof message.data;
  }
  // The socket id in connection_established is random; its shape is what matters.
  if (message.event === 'pusher:connection_established' && out.data && typeof out.data.socket_id === 'string') {
    out.data = { ...out.data, socket_id: SOCKET_ID.test(out.data.socket_id) ? '<digits.digits>' : out.data.socket_id };
  }
  // An encrypted event's nonce and ciphertext are random; that they are there is what counts.
  if (out.data && typeof out.data === 'object' && typeof out.data.nonce === 'string' && typeof out.data.ciphertext === 'string') {
    out.data = { ...out.data, nonce: '<base64>', ciphertext: '<base64>' };
  }
  return canonical(names.mask(out));
}

/** The same value with every object's keys sorted. */
function canonical(value) {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    const out = {};
    for (const k of Object.keys(value).sort()) out[k] = canonical(value[k]);
    return out;
  }
  return value;
}

/** A body that may be JSON, parsed when it is. */
function body(text) {
  if (text === undefined || text === null) return null;
  if (text === '') return '';
  try {
    return canonical(JSON.parse(text));
  } catch {
    return text;
  }
}

module.exports = { SocketNames, frame, canonical, body, SOCKET_ID };
