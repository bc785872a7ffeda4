// socket.io-client 4.8.4 clients for the cluster tests, driven by JSON lines on stdin; answers and events are
// JSON lines on stdout. Commands:
//   {"cmd":"connect","name":…,"url":…,"nsp":"/chat","room":…,"transports":["polling"],"recoverFrom":<name>}
//       -> {"event":"connect","name","sid","recovered"}; recoverFrom presents that (dropped) client's pid and last offset;
//       "auth":{…} is the CONNECT payload
//   {"cmd":"drop","name":…}   closes the client's transport under it, as a network failure would (no reconnection)
//   {"cmd":"emit","name":…,"event":…,"args":[…],"ack":true}                            -> {"event":"emit","name","ack":[…]} (when ack)
//   {"cmd":"emitBinary","name":…,"event":…,"hex":"0a0b"}                               one Buffer argument
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
        autoConnect: false,
        auth: c.auth || {},
      });
      if (c.recoverFrom) {
        // What socket.io-client keeps for its own reconnection, handed to a new client for another server.
        const before = clients.get(c.recoverFrom);
        socket._pid = before._pid;
        socket._lastOffset = before._lastOffset;
      }
      clients.set(c.name, socket);
      socket.onAny((ev, ...args) => {
        if (typeof args[args.length - 1] === "function") args.pop()("ack-from-" + c.name);
        out({ event: "received", name: c.name, ev, args: args.map(shown) });
      });
      socket.on("disconnect", (reason) => out({ event: "disconnected", name: c.name, reason }));
      socket.once("connect", () => resolve({ name: c.name, sid: socket.id, recovered: socket.recovered }));
      socket.once("connect_error", (err) => reject(err));
      socket.connect();
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
  // Emits one Buffer argument given as hex.
  emitBinary: async (c) => {
    clients.get(c.name).emit(c.event, Buffer.from(c.hex, "hex"));
    return { name: c.name };
  },
  drop: async (c) => {
    clients.get(c.name).io.engine.close();
    return { name: c.name };
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
