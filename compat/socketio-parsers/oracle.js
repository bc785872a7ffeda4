// The oracle of the differential check (see ./run): generates seeded random inputs, decodes them with the
// real Node parsers (engine.io-parser, socket.io-parser, socket.io-msgpack-parser with notepack.io), re-encodes
// what decoded, and writes JSON lines {kind, input, result} for Differential.java to compare.
// Usage: node oracle.js eio|sio|mp SEED COUNT
const eio = require("engine.io-parser");
const sio = require("socket.io-parser");
const mp = require("socket.io-msgpack-parser");
const notepack = require("notepack.io");

let seed = Number(process.argv[3] || 1);
function rnd() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
function ri(n) { return Math.floor(rnd() * n); }
function pick(a) { return a[ri(a.length)]; }

function ser(v) {
  // Serialises a decoded JS value with markers for what JSON cannot show.
  if (v === undefined) return { $undef: 1 };
  if (v === null) return null;
  if (Buffer.isBuffer(v)) return { $bin: v.toString("hex") };
  if (v instanceof ArrayBuffer) return { $bin: Buffer.from(v).toString("hex") };
  if (v instanceof Date) return { $date: v.toJSON() };
  if (typeof v === "number") {
    if (Number.isNaN(v)) return { $num: "NaN" };
    if (!Number.isFinite(v)) return { $num: v > 0 ? "Inf" : "-Inf" };
    return v;
  }
  if (Array.isArray(v)) { const a = []; for (let i = 0; i < v.length; i++) a.push(ser(v[i])); return a; }
  if (typeof v === "object") return { $obj: Object.keys(v).map((k) => [k, ser(v[k])]) };
  return v;
}

const chars = ["0","1","2","3","4","5","6","7","8","9","b","\x1e","A","Q","U","J","D","=","-","_","+","/"," ","\t","\u00a0","\u2028","Ł","\u013d","\ud83d","\ude00","é","x","[","]","{","}",",",'"',":","a"];
function rstr(n) { let s = ""; for (let i = 0; i < n; i++) s += pick(chars); return s; }

function eioCase() {
  let s;
  if (rnd() < 0.5) s = rstr(ri(12));
  else {
    const parts = [];
    const k = 1 + ri(4);
    for (let i = 0; i < k; i++) {
      const r = rnd();
      if (r < 0.3) parts.push(String(ri(8)) + rstr(ri(6)));
      else if (r < 0.6) parts.push("b" + Buffer.from(rstr(ri(6))).toString(pick(["base64", "base64url"])) + (rnd() < 0.3 ? rstr(ri(3)) : ""));
      else parts.push(rstr(ri(6)));
    }
    s = parts.join("\x1e");
  }
  const out = [];
  for (const p of eio.decodePayload(s)) {
    if (p.type === "error") out.push({ error: true });
    else if (Buffer.isBuffer(p.data)) out.push({ type: p.type, bin: p.data.toString("hex") });
    else out.push({ type: p.type, data: p.data === undefined ? "" : p.data });
  }
  return { kind: "eio", input: s, result: out };
}

const names = ["a", "\ud83d", "k\udc00", "chat", "connect", "disconnect", "newListener", "x y", "", "0", "10", "__proto__", "_placeholder", "num", "-1", "4294967295", "4294967294", "01"];
function rjson(depth) {
  const r = rnd();
  if (depth > 3 || r < 0.35) {
    return pick([0, 1, -1, 1.5, 1e21, 12345678901234567890, -0, "1.0", "str", "\ud800", "", true, false, null, "1e400", "9007199254740993", "0.1"]);
  }
  if (r < 0.6) { const a = []; const n = ri(4); for (let i = 0; i < n; i++) a.push(rjson(depth + 1)); return a; }
  if (r < 0.7) return { _placeholder: pick([true, "true", 1]), num: pick([0, 1, 2, -1, 0.5, "0", 1e400, -0]) };
  const o = []; const n = ri(4);
  for (let i = 0; i < n; i++) o.push([pick(names), rjson(depth + 1)]);
  return o;
}
function jsonText(v) {
  // Writes a generated value as JSON text, with number spellings and duplicate keys JSON.stringify cannot make.
  if (v === "1.0") return "1.0";
  if (v === "1e400") return "1e400";
  if (v === "9007199254740993") return "9007199254740993";
  if (typeof v === "number") return pick([JSON.stringify(v), String(v).replace("e+", "E"), JSON.stringify(v) + (Number.isInteger(v) && rnd() < 0.2 ? ".0" : "")]);
  if (Array.isArray(v) && v.length && Array.isArray(v[0]) && typeof v[0][0] === "string" && v.__obj) return "";
  if (v && typeof v === "object" && !Array.isArray(v)) return JSON.stringify(v);
  if (Array.isArray(v)) {
    if (v.isObj) return "";
    return (rnd() < 0.1 ? " " : "") + "[" + v.map(jsonText).join(",") + "]";
  }
  return JSON.stringify(v);
}
function rjsonText(depth) {
  const r = rnd();
  if (depth > 3 || r < 0.35) return jsonText(rjson(9));
  if (r < 0.6) { const n = ri(4); const a = []; for (let i = 0; i < n; i++) a.push(rjsonText(depth + 1)); return "[" + a.join(",") + "]"; }
  if (r < 0.7) return JSON.stringify(rjson(0)) || "null";
  const n = ri(4); const a = [];
  for (let i = 0; i < n; i++) a.push(JSON.stringify(pick(names)) + ":" + rjsonText(depth + 1));
  return "{" + a.join(",") + "}";
}

function mutate(s) {
  const k = ri(3);
  for (let j = 0; j < k; j++) {
    const i = ri(s.length + 1);
    const r = rnd();
    if (r < 0.33) s = s.slice(0, i) + pick(chars) + s.slice(i);
    else if (r < 0.66) s = s.slice(0, i) + s.slice(i + 1);
    else s = s.slice(0, i) + pick(chars) + s.slice(i + 1);
  }
  return s;
}

function sioText() {
  let s = pick(["0","1","2","3","4","5","6","7"," ","\t","x","2","2","5","6","3"]);
  if (s === "5" || s === "6" || rnd() < 0.1) s += pick(["1","2","0","0x2"," 1 ","1e1","1.0","11","abc","","+1","Infinity","3"]) + (rnd() < 0.9 ? "-" : "");
  if (rnd() < 0.4) s += pick(["/admin,", "/admin", "/", "/a,b,", "/,"]);
  if (rnd() < 0.3) s += pick(["12", "0", " ", "1 2", " 7 ", "99999999999999999999", "007", "\u00a0"]);
  if (rnd() < 0.8) s += rjsonText(0);
  if (rnd() < 0.3) s = mutate(s);
  return s;
}

function sioCase() {
  const msgs = [];
  const n = 1 + ri(3);
  for (let i = 0; i < n; i++) {
    if (rnd() < 0.7 || i === 0) msgs.push({ text: sioText() });
    const b = ri(3);
    for (let j = 0; j < b; j++) msgs.push({ bin: Buffer.from([ri(256), ri(256)]).subarray(0, ri(3)).toString("hex") });
  }
  const d = new sio.Decoder();
  const out = [];
  d.on("decoded", (p) => {
    const encoded = Number.isSafeInteger(p.id) || p.id === undefined
      ? new sio.Encoder().encode(Object.assign({}, p)).map((e) => (typeof e === "string" ? Buffer.from(e).toString() : { $bin: e.toString("hex") }))
      : null;
    out.push({ type: p.type, nsp: p.nsp, id: p.id === undefined ? null : ser(p.id), hasData: "data" in p && p.data !== undefined, data: ser(p.data), encoded });
  });
  let error = null;
  for (const m of msgs) {
    if (m.text === "") continue;
    try { d.add(m.text !== undefined ? m.text : Buffer.from(m.bin, "hex")); }
    catch (e) { error = e.message; break; }
  }
  return { kind: "sio", input: msgs.filter((m) => m.text !== ""), result: { packets: out, error } };
}

function rvalue(depth) {
  const r = rnd();
  if (depth > 3 || r < 0.4) return pick([0, 1, -1, 127, 128, 255, 256, 65535, 65536, -32, -33, -128, -129, 2 ** 31, -(2 ** 31) - 1, 2 ** 32, 2 ** 53 + 2, 2 ** 63, 1.5, NaN, Infinity, -0, "s", "é", "\ud83d\ude00", "x".repeat(40), true, false, null, undefined, Buffer.from([1, 2]), new Date(0), new Date(8.64e15 + 1), new Uint8Array([5, 6]), new Date(-1e14)]);
  if (r < 0.65) { const a = []; const n = ri(4); for (let i = 0; i < n; i++) a.push(rvalue(depth + 1)); return a; }
  const o = {}; const n = ri(4);
  for (let i = 0; i < n; i++) o[pick(names)] = rvalue(depth + 1);
  return o;
}

function hasArrayBuffer(v) {
  if (v instanceof ArrayBuffer) return true;
  if (Array.isArray(v)) return v.some(hasArrayBuffer);
  if (v && typeof v === "object" && !Buffer.isBuffer(v) && !(v instanceof Date)) return Object.keys(v).some((k) => hasArrayBuffer(v[k]));
  return false;
}

function mpCase() {
  const pkt = {};
  if (rnd() < 0.95) pkt.type = pick([0, 1, 2, 3, 4, 5, -1, 2.5, "2", 2, 2, 3]);
  if (rnd() < 0.5) pkt.data = rvalue(0); else if (rnd() < 0.5) pkt.data = [pick(["a", 1, "connect"])].concat(rvalue(1) || []);
  if (rnd() < 0.3) pkt.id = pick([0, 5, -1, 1.5, 2 ** 53 + 2, null, undefined, "1"]);
  if (rnd() < 0.95) pkt.nsp = pick(["/", "/admin", "", 1]);
  if (rnd() < 0.2) pkt.options = { compress: true };
  let bytes;
  try {
    bytes = notepack.encode(pkt);
    if (rnd() < 0.1) bytes = notepack.encode(rvalue(0));
  } catch (e) { bytes = Buffer.from([0x80]); }
  const m = rnd() < 0.5 ? 0 : 1 + ri(3);
  if (m === 1) { bytes = Buffer.from(bytes); bytes[ri(bytes.length)] = ri(256); }
  else if (m === 2) bytes = bytes.subarray(0, ri(bytes.length + 1));
  else if (m === 3) { const i = ri(bytes.length + 1); bytes = Buffer.concat([bytes.subarray(0, i), Buffer.from([ri(256)]), bytes.subarray(i)]); }
  const d = new mp.Decoder();
  let result;
  d.on("decoded", (p) => {
    const canonical = p.type === 3 && p.id !== undefined ? { id: p.id, type: p.type } : { type: p.type };
    if (p.data !== undefined) canonical.data = p.data;
    if (p.type !== 3 && p.id !== undefined) canonical.id = p.id;
    canonical.nsp = p.nsp;
    const skip = /"\$date"|\\ud[89a-f]/.test(JSON.stringify(ser(p.data))) || hasArrayBuffer(p.data) || (p.id !== undefined && !Number.isSafeInteger(p.id));
    result = { type: p.type, nsp: p.nsp, id: p.id === undefined ? null : ser(p.id), hasData: p.data !== undefined, data: ser(p.data),
      encoded: skip ? null : notepack.encode(canonical).toString("hex") };
  });
  let error = null;
  try { d.add(bytes); } catch (e) { error = e.message; }
  return { kind: "mp", input: Buffer.from(bytes).toString("hex"), result: error ? { error } : result };
}

const kind = process.argv[2];
const n = Number(process.argv[4] || 1000);
const make = { eio: eioCase, sio: sioCase, mp: mpCase }[kind];
const lines = [];
for (let i = 0; i < n; i++) lines.push(JSON.stringify(make()));
process.stdout.write(lines.join("\n") + "\n");
