// A Node socket.io server on @socket.io/postgres-adapter 0.5.0, driven by NodeInteropTest.
// It opens no port. Commands arrive as JSON lines on stdin; every event goes out as one JSON line on stdout.
"use strict";
const readline = require("node:readline");
const { Pool } = require("pg");
const { Server } = require("socket.io");
const { createAdapter } = require("@socket.io/postgres-adapter");

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
  const shown = (a) => (ArrayBuffer.isView(a) ? { binary: Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("hex") } : a);
  io.on("ev", (...args) => out({ event: "ev", args: args.map(shown) }));

  const commands = {
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
