// Node's side of Baton's micro benchmarks: the same operations, timed with process.hrtime.
// Prints one JSON object per line: {"name": ..., "nsPerOp": ...}.
import { AsyncLocalStorage } from 'node:async_hooks';

const quick = process.argv.includes('--quick');
const rounds = quick ? 3 : 7;

function time(name, iterations, body) {
  const results = [];
  body(Math.min(iterations, 100_000)); // warm-up
  for (let round = 0; round < rounds; round++) {
    const start = process.hrtime.bigint();
    body(iterations);
    results.push(Number(process.hrtime.bigint() - start) / iterations);
  }
  results.sort((a, b) => a - b);
  console.log(JSON.stringify({ name, nsPerOp: results[Math.floor(results.length / 2)] }));
}

async function timeAsync(name, iterations, body) {
  const results = [];
  await body(Math.min(iterations, 10_000));
  for (let round = 0; round < rounds; round++) {
    const start = process.hrtime.bigint();
    await body(iterations);
    results.push(Number(process.hrtime.bigint() - start) / iterations);
  }
  results.sort((a, b) => a - b);
  console.log(JSON.stringify({ name, nsPerOp: results[Math.floor(results.length / 2)] }));
}

/** Runs fn with `count` storages entered, the last one being `innermost`. */
function withActive(count, fn) {
  const storages = Array.from({ length: count }, () => new AsyncLocalStorage());
  const enter = (i) => (i === count ? fn(storages[count - 1]) : storages[i].run(`value-${i}`, () => enter(i + 1)));
  return enter(0);
}

let sink = 0;
for (const active of [1, 10]) {
  withActive(active, (innermost) => {
    time(`getStore/${active}`, 10_000_000, (n) => {
      for (let i = 0; i < n; i++) sink += innermost.getStore().length;
    });
  });
  const scoped = new AsyncLocalStorage();
  const inside = () => { sink += scoped.getStore().length; };
  const runAll = () =>
    time(`run/${active}`, 2_000_000, (n) => {
      for (let i = 0; i < n; i++) scoped.run('request-1', inside);
    });
  if (active === 1) runAll(); else withActive(active - 1, runAll);
}

const snapshotStorage = new AsyncLocalStorage();
snapshotStorage.run('request-1', () => {
  time('snapshot', 1_000_000, (n) => {
    for (let i = 0; i < n; i++) {
      const snapshot = AsyncLocalStorage.snapshot();
      snapshot(() => { sink += snapshotStorage.getStore().length; });
    }
  });
});

const hops = new AsyncLocalStorage();
async function awaits(n) {
  for (let i = 0; i < n; i++) await null;
}
function immediates(n) {
  return new Promise((resolve) => {
    let left = n;
    const hop = () => (--left === 0 ? resolve() : setImmediate(hop));
    setImmediate(hop);
  });
}
await timeAsync('await/no-store', 1_000_000, awaits);
await hops.run('request-1', () => timeAsync('await/store', 1_000_000, awaits));
await timeAsync('setImmediate/no-store', 300_000, immediates);
await hops.run('request-1', () => timeAsync('setImmediate/store', 300_000, immediates));

if (sink === 42) console.error(sink); // keeps the reads alive
