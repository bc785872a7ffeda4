'use strict';
// Compares two servers' scenario results. A difference is allowed only where a documented rule names
// its place ("scenario:path.inside.result") and both sides hold exactly the rule's values; anything else
// is unexpected, and a rule whose values are not both seen is stale (the behaviour it documents changed).

const { isDeepStrictEqual } = require('node:util');

/** Every leaf-level difference between `a` and `b` as {path, a, b}; arrays of different length differ whole. */
function differences(a, b, path = '') {
  if (isDeepStrictEqual(a, b)) return [];
  const bothObjects = a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b);
  if (!bothObjects || (Array.isArray(a) && a.length !== b.length)) return [{ path, a, b }];
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.flatMap((k) => differences(a[k], b[k], path ? `${path}.${k}` : k));
}

function split(at) {
  const i = at.indexOf(':');
  return { scenario: at.slice(0, i), path: at.slice(i + 1).split('.') };
}

function get(root, path) {
  let v = root;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = v[k];
  }
  return v;
}

function set(root, path, value) {
  let v = root;
  for (const k of path.slice(0, -1)) v = v[k];
  if (value === undefined) delete v[path[path.length - 1]];
  else v[path[path.length - 1]] = value;
}

function byScenario(lines) {
  const out = {};
  for (const l of lines) out[l.scenario] = l;
  return out;
}

/**
 * Compares `reference` with `actual` (JSON lines of scenarios.js).
 * @param rules [{row, at: "scenario:path", reference, actual, why}]
 * @returns {unexpected: [{at, reference, actual}], matched: [{row, at, why}], stale: [{row, at, reference, actual}],
 *           scenarios: [names], passed: [names of scenarios without an unexpected difference or error]}
 */
function compare(reference, actual, rules = []) {
  const ref = byScenario(reference);
  const act = structuredClone(byScenario(actual));
  const matched = [];
  const stale = [];
  for (const rule of rules) {
    const { scenario, path } = split(rule.at);
    const r = ref[scenario] && ref[scenario].result;
    const a = act[scenario] && act[scenario].result;
    const rv = r === undefined ? undefined : get(r, path);
    const av = a === undefined ? undefined : get(a, path);
    if (r !== undefined && a !== undefined && isDeepStrictEqual(rv, rule.reference) && isDeepStrictEqual(av, rule.actual)) {
      matched.push({ row: rule.row, at: rule.at, why: rule.why });
      // Explained: from here on this place counts as equal.
      set(a, path, structuredClone(rv));
    } else {
      stale.push({ row: rule.row, at: rule.at, why: rule.why, reference: rv, actual: av });
    }
  }
  const names = [...new Set([...Object.keys(ref), ...Object.keys(act)])];
  const unexpected = [];
  for (const name of names) {
    for (const d of differences(ref[name], act[name])) {
      const at = `${name}:${d.path.replace(/^result\.?/, '')}`;
      unexpected.push({ at, reference: d.a, actual: d.b });
    }
  }
  const ok = (n) => ref[n] && act[n] && !ref[n].error && !act[n].error
    && !unexpected.some((u) => u.at.startsWith(`${n}:`)) && !stale.some((s) => s.at.startsWith(`${n}:`));
  return { unexpected, matched, stale, scenarios: names, passed: names.filter(ok) };
}

module.exports = { differences, compare };
