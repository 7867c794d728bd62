/** Turns per person (session-turns.ts) and answers serialised a slice at a time (json-stream.ts). */
import { describe, expect, it } from 'vitest';
import { jsonPieces, slicedStream } from './json-stream.ts';
import { inTurn, Turns } from './session-turns.ts';

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('turns', () => {
  it('runs one person’s requests one at a time, in order, and other people’s beside them', async () => {
    const turns = new Turns();
    const order: string[] = [];
    const first = await turns.take('pupil');
    const second = turns.take('pupil').then((release) => (order.push('pupil 2'), release));
    const other = turns.take('parent').then((release) => (order.push('parent'), release));
    await tick();
    expect(order).toEqual(['parent']);
    first();
    (await second)();
    (await other)();
    expect(order).toEqual(['parent', 'pupil 2']);
    expect(turns.size).toBe(0);
  });

  it('ends a turn once, however often it is ended', async () => {
    const turns = new Turns();
    const a = await turns.take('pupil');
    const b = turns.take('pupil');
    const c = turns.take('pupil');
    a();
    a();
    const endB = await b;
    let cStarted = false;
    void c.then(() => (cStarted = true));
    await tick();
    expect(cStarted).toBe(false);
    endB();
    (await c)();
    expect(turns.size).toBe(0);
  });

  it('reads of one request go one after another, a failed one included', async () => {
    const ctx = {};
    const running: number[] = [];
    let most = 0;
    const read = (n: number, fail = false) =>
      inTurn(ctx, async () => {
        running.push(n);
        most = Math.max(most, running.length);
        await tick();
        running.pop();
        if (fail) throw new Error('no');
        return n;
      });
    const results = await Promise.allSettled([read(1), read(2, true), read(3)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(most).toBe(1);
  });
});

describe('an answer in slices', () => {
  const answer = {
    data: Object.assign(Object.create(null) as Record<string, unknown>, {
      pull: {
        a: Array.from({ length: 300 }, (_, i) => ({ id: `m-${i}`, text: `«${'ж'.repeat(i)}» "\\\n\u0001 😀`, n: i, ok: i % 2 === 0, none: null })),
        nested: [[1, 2], [], [[3]]],
        skipped: undefined,
      },
      empty: {},
    }),
  };

  it('is the same JSON as JSON.stringify gives', () => {
    expect([...jsonPieces(answer)].join('')).toBe(JSON.stringify(answer));
  });

  it('is the same bytes once streamed, and says when it has ended', async () => {
    let ended = 0;
    const stream = slicedStream(jsonPieces(answer), () => ended++);
    const text = await new Response(stream).text();
    expect(text).toBe(JSON.stringify(answer));
    expect(ended).toBe(1);
  });

  it('hands the event loop back between slices of a large answer', async () => {
    const text = 'Завтра контрольная по алгебре. '.repeat(130);
    const big = { data: { pull: { a: Array.from({ length: 1000 }, (_, i) => ({ id: String(i), text })) } } };
    let others = 0;
    let reading = true;
    const other = (): void => {
      others++;
      if (reading) setImmediate(other);
    };
    setImmediate(other);
    let chunks = 0;
    const reader = slicedStream(jsonPieces(big), () => undefined).getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) chunks++;
    reading = false;
    // 7 MB of JSON: many chunks, and other work ran between them rather than after all of them.
    expect(chunks).toBeGreaterThan(20);
    expect(others).toBeGreaterThan(chunks / 2);
  });
});
