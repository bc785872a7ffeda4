// A Node socket.io 4.8.4 server on @socket.io/postgres-adapter 0.5.0, a peer for the emitter's tests.
// On connection a socket joins the rooms named in its handshake's auth ({"rooms":[...]}) and keeps auth.name.
// Commands arrive as JSON lines on stdin; every answer and event goes out as one JSON line on stdout.
"use strict";
const http = require("node:http");
const readline = require("node:readline");
const { Pool } = require("pg");
const { Server } = require("socket.io");
const { createAdapter } = require("@socket.io/postgres-adapter");

const out = (event) => process.stdout.write(JSON.stringify(event) + "\n");
// Binary values (a Buffer or Uint8Array from an attachment row), at any depth, are shown as {"binary":"<hex>"}.
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

const pool = new Pool({
  host: process.env.PGHOST,
  port: Number(process.env.PGPORT),
  database: process.env.PGDATABASE,
  user: process.env.PGUSER,
  password: process.env.PGPASSWORD || undefined,
  max: 4,
});
pool.on("error", (err) => out({ event: "error", message: "pool: " + err.message }));

async function main() {
  await pool.query(
    "CREATE TABLE IF NOT EXISTS socket_io_attachments (id bigserial UNIQUE, created_at timestamptz DEFAULT NOW(), payload bytea);"
  );
  const io = new Server({
    adapter: createAdapter(pool, { errorHandler: (err) => out({ event: "error", message: "adapter: " + err.message }) }),
  });
  const namespaces = (process.env.NAMESPACES || "/").split(",");
  for (const name of namespaces) {
    io.of(name).on("connection", (socket) => {
      const auth = socket.handshake.auth || {};
      socket.data.name = auth.name;
      socket.join(Array.isArray(auth.rooms) ? auth.rooms : []);
    });
  }
  const httpServer = http.createServer();

  const commands = {
    listen: async () => {
      io.attach(httpServer);
      await new Promise((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
      return { url: `http://127.0.0.1:${httpServer.address().port}` };
    },
    // Reports every server-side event of that name (io.of(nsp).on(event, ...)), as an emitter's serverSideEmit.
    onServerSide: async (c) => {
      io.of(c.nsp).on(c.name, (...args) => out({ event: "serverSide", nsp: c.nsp, name: c.name, args: args.map(shown) }));
      return {};
    },
    serverCount: async (c) => ({ value: await io.of(c.nsp || "/").adapter.serverCount() }),
    // This server's own view: room -> names of the sockets in it (rooms named after a socket id left out).
    rooms: async (c) => {
      const nsp = io.of(c.nsp || "/");
      const rooms = {};
      for (const [room, ids] of nsp.adapter.rooms) {
        if (nsp.sockets.has(room)) continue;
        rooms[room] = [...ids].map((id) => nsp.sockets.get(id)?.data.name).sort();
      }
      return { rooms };
    },
    close: async () => {
      io.close();
      await new Promise((r) => setTimeout(r, 200)); // let ADAPTER_CLOSE leave before the pool ends
      await pool.end();
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
  out({ event: "ready", uid: io.of("/").adapter.uid });
}

main().catch((err) => {
  out({ event: "error", message: "startup: " + err.message });
  process.exit(1);
});
