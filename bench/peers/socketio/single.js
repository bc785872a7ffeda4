// The single-node Socket.IO peer of the benchmarks: a plain socket.io 4.8 server with its defaults and
// the in-memory adapter, and the bench's three handlers (the same as the netty-socketio peer's and the
// Tidings target's): every socket joins the room "bench" on connect; "publish" (a string) is emitted as
// "bench" to that room, the sender excepted; "ack" (a string) is acknowledged with the same string.
// Loopback only.
//
// Environment: PORT.
"use strict";
const http = require("http");
const { Server } = require("socket.io");

const port = Number(process.env.PORT);
const server = http.createServer((req, res) => {
  res.writeHead(404, { "Content-Length": 0 }).end();
});
const io = new Server(server, { serveClient: false });
io.on("connection", (socket) => {
  socket.join("bench");
  socket.on("publish", (data) => socket.to("bench").emit("bench", data));
  socket.on("ack", (data, ack) => {
    if (typeof ack === "function") ack(data);
  });
});

server.listen(port, "127.0.0.1", () => console.log(`socket.io single-node peer listening on 127.0.0.1:${port}`));

function stop() {
  io.close();
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
