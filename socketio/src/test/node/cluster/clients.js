// socket.io-client 4.8.4 clients for the cluster tests, driven by JSON lines on stdin; answers and events are
// JSON lines on stdout. Commands:
//   {"cmd":"connect","name":…,"url":…,"nsp":"/chat","room":…,"transports":["polling"]}  -> {"event":"connect","name","id"}
//   {"cmd":"emit","name":…,"event":…,"args":[…],"ack":true}                            -> {"event":"emit","name","ack":[…]} (when ack)
//   {"cmd":"close","name":…}
// Every event a client receives is {"event":"received","name","ev","args"}; an event that asks for an ack is
// answered with "ack-from-<name>". A disconnect is {"event":"disconnected","name","reason"}.
"use strict";
const readline = require("node:readline");
const { io } = require("socket.io-client");

const out = (event) => process.stdout.write(JSON.stringify(event) + "\n");
const shown = (a) =>
  ArrayBuffer.isView(a)
    ? { binary: Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("hex") }
    : a instanceof ArrayBuffer
      ? { binary: Buffer.from(a).toString("hex") }
      : a;
const clients = new Map();

const commands = {
  connect: (c) =>
    new Promise((resolve, reject) => {
      const socket = io(c.url + (c.nsp || "/"), {
        transports: c.transports || ["websocket"],
        query: c.room ? { room: c.room } : {},
        reconnection: false,
        forceNew: true,
      });
      clients.set(c.name, socket);
      socket.onAny((ev, ...args) => {
        if (typeof args[args.length - 1] === "function") args.pop()("ack-from-" + c.name);
        out({ event: "received", name: c.name, ev, args: args.map(shown) });
      });
      socket.on("disconnect", (reason) => out({ event: "disconnected", name: c.name, reason }));
      socket.once("connect", () => resolve({ name: c.name, id: socket.id }));
      socket.once("connect_error", (err) => reject(err));
    }),
  emit: async (c) => {
    const socket = clients.get(c.name);
    if (!c.ack) {
      socket.emit(c.event, ...c.args);
      return { name: c.name };
    }
    const ack = await socket.timeout(10000).emitWithAck(c.event, ...c.args);
    return { name: c.name, ack };
  },
  close: async (c) => {
    clients.get(c.name).disconnect();
    return { name: c.name };
  },
};

readline.createInterface({ input: process.stdin }).on("line", async (line) => {
  let c;
  try {
    c = JSON.parse(line);
    out({ event: c.cmd, id: c.id, ...(await commands[c.cmd](c)) });
  } catch (err) {
    out({ event: "error", cmd: c && c.cmd, id: c && c.id, message: String(err && err.message) });
  }
});
out({ event: "ready" });
