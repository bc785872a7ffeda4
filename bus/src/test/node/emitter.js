// Publishes, through the real @socket.io/postgres-emitter 0.1.1, what the wire reference captured from it (§6.2),
// plus the room operations, then exits. Driven by NodeEmitterTest; prints {"event":"done"} when every query ran.
"use strict";
const { Pool } = require("pg");
const { Emitter } = require("@socket.io/postgres-emitter");

const pool = new Pool({
  host: process.env.PGHOST,
  port: Number(process.env.PGPORT),
  database: process.env.PGDATABASE,
  user: process.env.PGUSER,
  password: process.env.PGPASSWORD || undefined,
  max: 1, // one connection: the emitter's queries then run, and commit, in the order they were issued
});

async function main() {
  const e = new Emitter(pool);
  e.emit("fromEmitter", "E1");
  e.to("room1").emit("fromEmitterRoom", "E2");
  e.serverSideEmit("plain", "from-emitter");
  e.of("/custom").emit("fromEmitterCustom", 3);
  e.emit("fromEmitterBin", Buffer.from([9, 9]));
  e.emit("fromEmitterBig", "z".repeat(9000));
  e.in("room1").socketsJoin("room3");
  e.in("room1").except("room2").socketsLeave(["room3"]);
  e.in("room3").disconnectSockets(true);
  // The emitter does not wait for its queries (an attachment's NOTIFY is only issued once its INSERT returned):
  // wait until the pool has stayed idle, with nothing queued, for a while before ending it.
  for (let quiet = 0; quiet < 3; ) {
    await new Promise((r) => setTimeout(r, 200));
    quiet = pool.waitingCount === 0 && pool.idleCount === pool.totalCount ? quiet + 1 : 0;
  }
  await pool.end();
  process.stdout.write(JSON.stringify({ event: "done" }) + "\n");
}

main().catch((err) => {
  process.stdout.write(JSON.stringify({ event: "error", message: String(err && err.message) }) + "\n");
  process.exit(1);
});
