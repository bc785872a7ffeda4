// Issue 13's interop app on Node: socket.io 4.8.4 + @socket.io/postgres-adapter 0.5.0, namespaces / and /chat.
// PostgreSQL from PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE; SERVER_NAME (default "foreign"); PORT (0: any).
// Prints {"event":"ready","port":…,"uids":{"/":…,"/chat":…}} once listening; SIGTERM closes it (ADAPTER_CLOSE).
// For tests, beyond issue 13's table: {"cmd":"fetchSockets","nsp":…,"room":…,"id":…} on stdin answers
// {"event":"fetchSockets","id":…,"sockets":[{"id","rooms","data"}]} (io.of(nsp).in(room).fetchSockets()).
"use strict";
const http = require("node:http");
const readline = require("node:readline");
const { Pool } = require("pg");
const { Server } = require("socket.io");
const { createAdapter } = require("@socket.io/postgres-adapter");

const NAME = process.env.SERVER_NAME || "foreign";
const out = (event) => process.stdout.write(JSON.stringify(event) + "\n");
const pool = new Pool({
  host: process.env.PGHOST,
  port: Number(process.env.PGPORT || 5432),
  database: process.env.PGDATABASE,
  user: process.env.PGUSER,
  password: process.env.PGPASSWORD || undefined,
  max: 4,
});
pool.on("error", (err) => out({ event: "error", message: "pool: " + err.message }));
const result = (err, responses) => ({ err: err ? err.message : null, responses: responses || [] });

function serve(nsp) {
  nsp.on("connection", (socket) => {
    const room = typeof socket.handshake.query.room === "string" ? socket.handshake.query.room : "";
    if (room) socket.join(room);
    socket.data = { server: NAME, room };
    socket.on("whoami", (ack) => ack(NAME));
    socket.on("say", (payload) => (room ? nsp.to(room) : socket).emit("said", payload));
    socket.on("shout", (payload) => nsp.emit("shouted", payload));
    socket.on("sse", (payload, ack) => nsp.serverSideEmit("ping", payload, (err, responses) => ack(result(err, responses))));
    socket.on("joinRoom", (from, to, ack) => {
      nsp.in(from).socketsJoin(to);
      ack(true);
    });
    socket.on("kick", (target, ack) => {
      ack(true);
      nsp.in(target).disconnectSockets(true);
    });
    socket.on("ackall", (target, payload, ack) =>
      nsp.to(target).timeout(3000).emit("ackme", payload, (err, responses) => ack(result(err, responses))));
  });
  nsp.on("ping", (payload, ack) => ack({ server: NAME, payload }));
}

async function main() {
  // The Node README's DDL (Tidings nodes create the same table). Two processes creating it at once can race in
  // PostgreSQL's catalog (unique_violation 23505 / duplicate_table 42P07): then the other one made it.
  await pool
    .query("CREATE TABLE IF NOT EXISTS socket_io_attachments (id bigserial UNIQUE, created_at timestamptz DEFAULT NOW(), payload bytea);")
    .catch((err) => {
      if (err.code !== "23505" && err.code !== "42P07") throw err;
    });
  const io = new Server({
    adapter: createAdapter(pool, { errorHandler: (err) => out({ event: "error", message: "adapter: " + err.message }) }),
  });
  serve(io.of("/"));
  serve(io.of("/chat"));
  const httpServer = http.createServer();
  io.attach(httpServer);
  await new Promise((resolve) => httpServer.listen(Number(process.env.PORT || 0), "127.0.0.1", resolve));
  out({ event: "ready", port: httpServer.address().port, uids: { "/": io.of("/").adapter.uid, "/chat": io.of("/chat").adapter.uid } });
  readline.createInterface({ input: process.stdin }).on("line", async (line) => {
    let c;
    try {
      c = JSON.parse(line);
      if (c.cmd !== "fetchSockets") throw new Error("unknown command " + c.cmd);
      const nsp = io.of(c.nsp || "/");
      const found = await (c.room ? nsp.in(c.room) : nsp).fetchSockets();
      out({ event: "fetchSockets", id: c.id, sockets: found.map((s) => ({ id: s.id, rooms: [...s.rooms], data: s.data })) });
    } catch (err) {
      out({ event: "error", id: c && c.id, message: String(err && err.message) });
    }
  });
  process.on("SIGTERM", () => {
    io.close();
    setTimeout(() => pool.end().then(() => process.exit(0)), 200); // let ADAPTER_CLOSE leave first
  });
}

main().catch((err) => {
  out({ event: "error", message: "startup: " + err.message });
  process.exit(1);
});
