// The cross-node peer of the benchmark: a plain socket.io 4.8 server on the PostgreSQL adapter 0.5, as
// its README sets it up (a pg Pool, createAdapter(pool), default options). Every socket joins the room
// "bench" when it connects; POST /publish with a JSON array of strings emits each one to that room with
// io.to("bench").emit("bench", data), which the adapter NOTIFYs to the other nodes; a "publish" event
// from a socket does the same, the sender excepted (single.js's handler). Loopback only.
//
// Environment: PORT, PGHOST, PGPORT, PGDATABASE, PGUSER (read by pg itself).
"use strict";
const http = require("http");
const { Server } = require("socket.io");
const { createAdapter } = require("@socket.io/postgres-adapter");
const { Pool } = require("pg");

const port = Number(process.env.PORT);
const pool = new Pool();
pool.on("error", (err) => console.error("pg pool error:", err.message));

const server = http.createServer((req, res) => {
  if (req.method === "POST" && req.url === "/publish") {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      let data;
      try {
        data = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch (e) {
        res.writeHead(400, { "Content-Length": 2 }).end("{}");
        return;
      }
      for (const d of data) io.to("bench").emit("bench", d);
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": 2 }).end("{}");
    });
    return;
  }
  if (req.method === "GET" && req.url === "/") {
    res.writeHead(200, { "Content-Length": 2 }).end("OK");
    return;
  }
  res.writeHead(404, { "Content-Length": 0 }).end();
});
server.keepAliveTimeout = 120_000;

const io = new Server(server, { transports: ["websocket"], serveClient: false });
io.adapter(createAdapter(pool));
io.on("connection", (socket) => {
  socket.join("bench");
  // The Socket.IO cross-node scenario publishes over a socket: the same handler as single.js.
  socket.on("publish", (data) => socket.to("bench").emit("bench", data));
});

server.listen(port, "127.0.0.1", () => console.log(`socket.io peer listening on 127.0.0.1:${port}`));

function stop() {
  io.close();
  pool.end().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 3000).unref();
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
