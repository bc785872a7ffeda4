// Publishes through the real @socket.io/postgres-emitter 0.1.1 (PG from PGHOST…), then exits printing
// {"event":"done"}: to everyone of "/", to room r1, one binary argument, and to "/chat".
"use strict";
const { Pool } = require("pg");
const { Emitter } = require("@socket.io/postgres-emitter");

const pool = new Pool({
  host: process.env.PGHOST,
  port: Number(process.env.PGPORT || 5432),
  database: process.env.PGDATABASE,
  user: process.env.PGUSER,
  password: process.env.PGPASSWORD || undefined,
  max: 1,
});

async function main() {
  const e = new Emitter(pool);
  e.emit("fromEmitter", "E1");
  e.to("r1").emit("fromEmitterRoom", "E2");
  e.emit("fromEmitterBin", Buffer.from([9, 9]));
  e.of("/chat").emit("fromEmitterChat", 3);
  // The emitter does not wait for its queries: wait until the pool stayed idle a while.
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
