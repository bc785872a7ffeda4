// Real socket.io-client 4.8.4 clients for the emitter's tests, against ANY Socket.IO v4 server URL (a Node
// server, a Tidings node). Each client connects over WebSocket with auth {"name","rooms"}; a server taking part
// in these tests joins the socket to those rooms on connection.
// Commands arrive as JSON lines on stdin; every answer and event goes out as one JSON line on stdout:
//   {"event":"client","client":<name>,"name":<event>,"args":[...]}   an event the client received
//   {"event":"disconnect","client":<name>,"reason":<reason>}           the client was disconnected
"use strict";
const readline = require("node:readline");
const { io: connect } = require("socket.io-client");

const out = (event) => process.stdout.write(JSON.stringify(event) + "\n");
const shown = (a) =>
  ArrayBuffer.isView(a)
    ? { binary: Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("hex") }
    : a instanceof ArrayBuffer
      ? { binary: Buffer.from(a).toString("hex") }
      : Array.isArray(a)
        ? a.map(shown)
        : a !== null && typeof a === "object"
          ? Object.fromEntries(Object.entries(a).map(([k, v]) => [k, shown(v)]))
          : a;

const clients = new Map();

const commands = {
  connect: async (c) => {
    const socket = connect(c.url + (c.nsp || "/"), {
      transports: ["websocket"],
      reconnection: false,
      forceNew: true, // one connection per client, never multiplexed with another's
      auth: { name: c.name, rooms: c.rooms || [] },
    });
    socket.onAny((ev, ...args) => out({ event: "client", client: c.name, name: ev, args: args.map(shown) }));
    socket.on("disconnect", (reason) => out({ event: "disconnect", client: c.name, reason }));
    await new Promise((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    });
    clients.set(c.name, socket);
    return { client: c.name, id: socket.id };
  },
  close: async () => {
    for (const socket of clients.values()) socket.disconnect();
    return {};
  },
};

readline.createInterface({ input: process.stdin }).on("line", async (line) => {
  let c;
  try {
    c = JSON.parse(line);
    const result = await commands[c.cmd](c);
    out({ event: c.cmd, ...result });
    if (c.cmd === "close") process.exit(0);
  } catch (err) {
    out({ event: "error", cmd: c && c.cmd, message: String(err && err.message) });
  }
});
out({ event: "ready" });
