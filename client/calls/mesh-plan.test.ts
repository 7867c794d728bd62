import { describe, expect, it } from 'vitest';
import { callsFirst, planMesh, retryDelay } from './mesh-plan.ts';

describe('mesh plan', () => {
  it('connects each pair once: exactly one side of a pair calls', () => {
    const ids = ['p-a', 'p-b', 'p-c', 'p-d'];
    for (const x of ids) for (const y of ids) if (x !== y) expect(callsFirst(x, y)).not.toBe(callsFirst(y, x));
    const calls = ids.flatMap((me) => planMesh(me, ids, new Set()).call.map((to) => [me, to].sort().join('-')));
    expect(calls.sort()).toEqual(['p-a-p-b', 'p-a-p-c', 'p-a-p-d', 'p-b-p-c', 'p-b-p-d', 'p-c-p-d']);
  });

  it('calls a newcomer, skips open connections and waits out a retry delay', () => {
    expect(planMesh('p-b', ['p-a', 'p-b', 'p-c', 'p-d'], new Set(['p-c']), new Set(['p-d']))).toEqual({ call: [], close: [] });
    expect(planMesh('p-b', ['p-a', 'p-b', 'p-c', 'p-d'], new Set(['p-c']))).toEqual({ call: ['p-d'], close: [] });
  });

  it('closes connections to people who left', () => {
    expect(planMesh('p-a', ['p-a', 'p-c'], new Set(['p-b', 'p-c']))).toEqual({ call: [], close: ['p-b'] });
  });

  it('backs off from half a second to eight', () => {
    expect([1, 2, 3, 4, 5, 6, 9].map(retryDelay)).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
  });
});
