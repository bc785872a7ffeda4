// A Node socket.io server on @socket.io/postgres-adapter 0.5.0, driven by NodeInteropTest.
// It opens no port until told to ("listen"), and then connects real socket.io-client clients to it.
// Commands arrive as JSON lines on stdin; every event goes out as one JSON line on stdout.
"use strict";
const http = require("node:http");
const readline = require("node:readline");
const { Pool } = require("pg");
const { Server } = require("socket.io");
const { createAdapter } = require("@socket.io/postgres-adapter");
const { io: connect } = require("socket.io-client");

const out = (event) => process.stdout.write(JSON.stringify(event) + "\n");

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
  // The README's DDL; the Java bus creates the same table, whichever starts first.
  await pool.query(
    "CREATE TABLE IF NOT EXISTS socket_io_attachments (id bigserial UNIQUE, created_at timestamptz DEFAULT NOW(), payload bytea);"
  );
  const io = new Server({
    adapter: createAdapter(pool, { errorHandler: (err) => out({ event: "error", message: "adapter: " + err.message }) }),
  });
  // Binary arguments (Uint8Array from an attachment row) are shown as {"binary":"<hex>"}.
  const shown = (a) =>
    ArrayBuffer.isView(a)
      ? { binary: Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("hex") }
      : a instanceof ArrayBuffer
        ? { binary: Buffer.from(a).toString("hex") }
        : a;
  io.on("ev", (...args) => out({ event: "ev", args: args.map(shown) }));

  let httpServer = null;
  const clients = [];

  const commands = {
    // Attaches the server to a loopback port and connects one socket.io-client per name. Each client reports
    // every event it receives as {"event":"client","client":name,"name":ev,"args":[...]} and acknowledges
    // any event that asks for it with "ack-from-<name>".
    listen: async (c) => {
      httpServer = http.createServer();
      io.attach(httpServer);
      await new Promise((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
      const port = httpServer.address().port;
      for (const name of c.clients) {
        const socket = connect(`http://127.0.0.1:${port}`, { transports: ["websocket"], reconnection: false });
        socket.onAny((ev, ...args) => {
          if (typeof args[args.length - 1] === "function") args.pop()("ack-from-" + name);
          out({ event: "client", client: name, name: ev, args: args.map(shown) });
        });
        await new Promise((resolve, reject) => {
          socket.once("connect", resolve);
          socket.once("connect_error", reject);
        });
        clients.push(socket);
      }
      return { port };
    },
    serverCount: async () => ({ value: await io.of("/").adapter.serverCount() }),
    serverSideEmit: async (c) => {
      io.serverSideEmit(...c.args);
      return {};
    },
    emitBig: async (c) => {
      io.emit("big", "x".repeat(c.size));
      return {};
    },
    fetchSockets: async () => {
      const sockets = await io.fetchSockets();
      return { ids: sockets.map((s) => s.id), data: sockets.map((s) => s.data) };
    },
    close: async () => {
      // io.close() would also close an engine this server never started (it opens no port), and throw;
      // closing the adapter is the part that matters here: it publishes ADAPTER_CLOSE and stops the timers.
      clients.forEach((socket) => socket.disconnect());
      io.of("/").adapter.close();
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
