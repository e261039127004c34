// timeAlternating: warm-up calls untimed, at least 5 rounds, the order reversed every round,
// each call's wall and CPU time kept, medians and quartiles of the kept calls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { timeAlternating } from '../../src/index';

/** Spins until the process has used `ms` more milliseconds of CPU (so a loaded machine only stretches its wall time). */
function busy(ms: number): void {
  const start = process.cpuUsage();
  for (;;) {
    const used = process.cpuUsage(start);
    if ((used.user + used.system) / 1000 >= ms) return;
  }
}

test('warm-up calls come first and are not timed; rounds alternate their order', async () => {
  const calls: string[] = [];
  const t = await timeAlternating({ A: () => { calls.push('A'); }, B: async () => { calls.push('B'); } }, { warmup: 2, repeats: 5 });
  assert.deepEqual(calls, ['A', 'B', 'B', 'A', 'A', 'B', 'B', 'A', 'A', 'B', 'B', 'A', 'A', 'B']);
  assert.deepEqual(t.order, [['A', 'B'], ['B', 'A'], ['A', 'B'], ['B', 'A'], ['A', 'B']]);
  assert.equal(t.ms.A.length, 5);
  assert.equal(t.cpuMs.B.length, 5);
  assert.equal(t.warmup, 2);
  assert.equal(t.repeats, 5);
});

test('a slower case measures slower, in wall and CPU time, and the summary is the median and quartiles of its calls', async () => {
  const t = await timeAlternating({ fast: () => busy(2), slow: () => busy(12) }, { repeats: 5 });
  assert.ok(t.summary.slow.medianMs > t.summary.fast.medianMs + 6, `${t.summary.slow.medianMs} vs ${t.summary.fast.medianMs}`);
  assert.ok(t.summary.slow.medianCpuMs >= 12 && t.summary.fast.medianCpuMs < 12, `CPU ${t.summary.slow.medianCpuMs} ms for a 12 ms spin`);
  const sorted = [...t.ms.slow].sort((a, b) => a - b);
  assert.equal(t.summary.slow.medianMs, sorted[2]);
  assert.equal(t.summary.slow.q1Ms, sorted[1]);
  assert.equal(t.summary.slow.q3Ms, sorted[3]);
  assert.equal(t.summary.slow.minMs, sorted[0]);
  assert.equal(t.summary.slow.maxMs, sorted[4]);
});

test('onCall sees every timed call; a failing case stops the timing with its name', async () => {
  const seen: string[] = [];
  await timeAlternating({ A: () => undefined }, { repeats: 6, onCall: (info) => seen.push(`${info.name}${info.round}`) });
  assert.deepEqual(seen, ['A0', 'A1', 'A2', 'A3', 'A4', 'A5']);
  await assert.rejects(timeAlternating({ ok: () => undefined, bad: () => { throw new Error('out of memory'); } }), /^Error: timeAlternating: case "bad" failed: out of memory$/);
});

test('bad options name the argument, the value and what was expected', async () => {
  await assert.rejects(timeAlternating({}), /timeAlternating: cases must name at least one function to time, got none/);
  await assert.rejects(timeAlternating({ A: 3 as unknown as () => void }), /cases\["A"\] must be a function, got number/);
  await assert.rejects(timeAlternating({ A: () => undefined }, { repeats: 3 }), /^Error: timeAlternating: repeats must be an integer of at least 5 \(a median and its spread need them\), got 3$/);
  await assert.rejects(timeAlternating({ A: () => undefined }, { warmup: 0 }), /warmup must be an integer of at least 1, got 0/);
});
