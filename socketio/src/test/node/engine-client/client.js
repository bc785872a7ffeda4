// One engine.io-client session against the server at $URL (path /engine.io/), reporting each event as a
// JSON line on stdout. Commands arrive as lines on stdin: {"cmd":"send","text":…}, {"cmd":"sendBinary","hex":…},
// {"cmd":"close"}.
const { Socket } = require("engine.io-client");
const readline = require("readline");

const out = (o) => process.stdout.write(JSON.stringify(o) + "\n");
const socket = new Socket(process.env.URL, {
  path: "/engine.io/",
  transports: (process.env.TRANSPORTS || "polling,websocket").split(","),
});

socket.on("open", () => out({ event: "open", id: socket.id, transport: socket.transport.name }));
socket.on("upgrade", (transport) => out({ event: "upgrade", transport: transport.name }));
socket.on("message", (data) =>
  out({ event: "message", transport: socket.transport.name,
        data: typeof data === "string" ? data : "binary:" + Buffer.from(data).toString("hex") }));
socket.on("ping", () => out({ event: "ping" }));
socket.on("close", (reason) => {
  out({ event: "close", reason });
  setTimeout(() => process.exit(0), 50);
});
socket.on("error", (err) => out({ event: "error", message: String(err && err.message) }));

readline.createInterface({ input: process.stdin }).on("line", (line) => {
  const c = JSON.parse(line);
  if (c.cmd === "send") socket.send(c.text);
  if (c.cmd === "sendBinary") socket.send(Buffer.from(c.hex, "hex"));
  if (c.cmd === "close") socket.close();
});
