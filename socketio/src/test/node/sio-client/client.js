// Node's socket.io-client against a Tidings server, driven over stdin, one JSON command a line:
//   {"cmd":"emitWithAck","event":"echo","args":[…],"binary":"00ff"}   -> {"event":"ack","args":[…]}
//   {"cmd":"drop"}   closes the Engine.IO connection under the socket (the client reconnects by itself)
//   {"cmd":"close"}
// and printing what happens, one JSON line each: connect (id, recovered), disconnect (reason),
// connect_error (message, data), every incoming event (args; Buffers as {"hex":…}). An incoming "ask" with a
// callback is answered with "node:" + its first argument.
const { io } = require("socket.io-client");
const readline = require("readline");

const options = {
  transports: (process.env.TRANSPORTS || "websocket").split(","),
  reconnectionDelay: 100,
  reconnectionDelayMax: 300,
  auth: JSON.parse(process.env.AUTH || "{}"),
};
if (process.env.PARSER === "msgpack") options.parser = require("socket.io-msgpack-parser");

const socket = io(process.env.URL + (process.env.NSP || "/"), options);
const print = (o) => process.stdout.write(JSON.stringify(o) + "\n");
const plain = (v) => {
  if (Buffer.isBuffer(v) || v instanceof ArrayBuffer) return { hex: Buffer.from(v).toString("hex") };
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
};

socket.on("connect", () => print({ event: "connect", id: socket.id, recovered: socket.recovered }));
socket.on("disconnect", (reason) => print({ event: "disconnect", reason }));
socket.on("connect_error", (err) => print({ event: "connect_error", message: err.message, data: err.data }));
socket.onAny((event, ...args) => {
  const last = args[args.length - 1];
  if (typeof last === "function") {
    args.pop();
    last("node:" + args[0]);
  }
  print({ event: "incoming", name: event, args: plain(args) });
});

readline.createInterface({ input: process.stdin }).on("line", async (line) => {
  const c = JSON.parse(line);
  if (c.cmd === "emitWithAck") {
    const args = c.args || [];
    if (c.binary) args.push(Buffer.from(c.binary, "hex"));
    const reply = await socket.timeout(10000).emitWithAck(c.event, ...args);
    print({ event: "ack", args: plain([reply]) });
  } else if (c.cmd === "drop") {
    socket.io.engine.close();
  } else if (c.cmd === "close") {
    socket.close();
    process.exit(0);
  }
});
