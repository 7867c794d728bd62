/**
 * The cost of an operation, read from its text: what devices really send fits with room to spare,
 * and the shapes that multiply work (aliases, nested fragments, recursive introspection) add up to
 * what they would cost to run — without the walk itself multiplying.
 */
import { getIntrospectionQuery, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { COLLECTIONS, MESSAGE_TEXT_MAX, PULL_BATCH_MAX, replicationQueries } from '../../sync/index.ts';
import { TICKET, ROOM } from '../../tests/fixtures/calls.ts';
import { ME_QUERY } from '../../tests/fixtures/client-documents.ts';
import { buildSchema } from '../schema.ts';
import { hasListLongerThan } from './before-execution.ts';
import { exceededLimit, nestsDeeperThan, operationCost } from './cost-limit.ts';
import { QUERY_LIMITS, RESPONSE_MAX_BYTES } from './limits.ts';
import { jsonLargerThan, jsonLargerThanSliced } from './response-limit.ts';

const schema = buildSchema();
const cost = (query: string) => operationCost(schema, parse(query));
const DOCUMENTS = 'documents { id pos lessonId studentId kind value comment deleted }';
const aliases = (n: number, field: string) => Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ');

describe('the cost of what devices send', () => {
  const real = COLLECTIONS.flatMap((spec) => {
    const q = replicationQueries(spec);
    return [q.pull, q.stream, ...(q.push ? [q.push] : [])];
  });
  const calls = [
    `mutation JoinCall($callId: ID, $linkCode: String, $device: ID) { joinCall(callId: $callId, linkCode: $linkCode, device: $device) { ${TICKET} } }`,
    `subscription($c: ID!) { callRoom(callId: $c) { ${ROOM} } }`,
    ME_QUERY,
  ];

  it('every pull, push and stream of every collection, the call ticket, the room and «me» are within every limit', () => {
    for (const query of [...real, ...calls]) {
      expect(exceededLimit(cost(query)), query).toBeNull();
      expect(query.length).toBeLessThan(QUERY_LIMITS.queryLength / 8);
    }
  });

  it('leaves room for twice the costliest of them, not for three', () => {
    const costliest = Math.max(...real.map((q) => cost(q).cost));
    expect(costliest).toBeGreaterThan(15 * PULL_BATCH_MAX); // a pull page of PULL_BATCH_MAX documents with all their fields
    expect(2 * costliest).toBeLessThanOrEqual(QUERY_LIMITS.cost);
    expect(3 * costliest).toBeGreaterThan(QUERY_LIMITS.cost);
  });

  it('lets the standard introspection query through, for when PARTA_INTROSPECTION=1', () => {
    expect(exceededLimit(cost(getIntrospectionQuery()))).toBeNull();
  });
});

describe('the cost of abuse', () => {
  it('counts aliases however deep they sit, and multiplies each list by its page', () => {
    const nested = `{ pullMarks(limit: 1) { ${aliases(30, DOCUMENTS)} } }`;
    expect(cost(nested)).toMatchObject({ aliases: 30, cost: 1 + 30 * PULL_BATCH_MAX * 9 });
    expect(exceededLimit(cost(nested))).toBe('aliases');
  });

  it('costs a pull as the page of whole documents it reads, however little is selected from it', () => {
    const pulls = (n: number) => `{ ${aliases(n, `pullMessages(limit: ${PULL_BATCH_MAX}) { documents { id } }`)} }`;
    expect(cost(pulls(1)).cost).toBe(cost(replicationQueries(COLLECTIONS.find((c) => c.name === 'messages')!).pull).cost - 3);
    expect(exceededLimit(cost(pulls(3)))).toBeNull();
    expect(exceededLimit(cost(pulls(4)))).toBe('cost');
  });

  it('counts a fragment at every spread, without walking it again', () => {
    // Each fragment spreads the one before it twice: 2^40 copies of `id` once expanded.
    const chain = Array.from({ length: 40 }, (_, i) => `fragment F${i + 1} on MarkPullBulk { ...F${i} ...F${i} }`).join('\n');
    const query = `{ pullMarks(limit: 1) { ...F40 } }\nfragment F0 on MarkPullBulk { documents { id } }\n${chain}`;
    const started = performance.now();
    const result = cost(query);
    expect(performance.now() - started).toBeLessThan(100);
    expect(result.fields).toBeGreaterThan(2 ** 40);
    expect(exceededLimit(result)).toBe('fields');
  });

  it('ends on fragment cycles, which it sees before validation refuses them', () => {
    const query = '{ pullMarks(limit: 1) { ...A } } fragment A on MarkPullBulk { ...B } fragment B on MarkPullBulk { ...A documents { id } }';
    expect(cost(query).fields).toBe(3);
  });

  it('makes recursive introspection endless, and lets a type be listed where it is given whole', () => {
    expect(cost('{ __schema { types { fields { type { fields { name } } } } } }').cost).toBe(Infinity);
    expect(cost('{ __type(name: "Query") { fields { type { ofType { interfaces { name } } } } } }').cost).toBe(Infinity);
    expect(exceededLimit(cost('{ __type(name: "Query") { fields { name args { name type { name } } } } }'))).toBeNull();
  });

  it('reads nesting from the text before parsing, skipping strings and comments', () => {
    expect(nestsDeeperThan(`{${'a {'.repeat(25)}}`, 20)).toBe(true);
    const quoted = `{ a(s: "${'{'.repeat(30)}", b: """ \\""" ${'['.repeat(30)} """) # ${'{'.repeat(30)}\n { b } }`;
    expect(nestsDeeperThan(quoted, 20)).toBe(false);
  });
});

describe('sizes measured before they are paid for', () => {
  it('finds a list longer than the limit anywhere in the variables', () => {
    expect(hasListLongerThan({ rows: [{ ids: Array(1001).fill('x') }] }, 1000)).toBe(true);
    expect(hasListLongerThan({ rows: Array(1000).fill({ ids: Array(1000).fill('x') }) }, 1000)).toBe(false);
    expect(hasListLongerThan(null, 0)).toBe(false);
  });

  it('estimates an answer’s JSON size within a few percent of the real one, stopping early', () => {
    const data = { pullMessages: { documents: Array.from({ length: 200 }, (_, i) => ({ id: `m-${i}`, text: 'Привет, класс! '.repeat(20), n: i, edited: false, p: null })) } };
    const real = Buffer.byteLength(JSON.stringify(data));
    expect(jsonLargerThan(data, real * 0.97)).toBe(true);
    expect(jsonLargerThan(data, real * 1.03)).toBe(false);
  });

  it('measures in slices the same as in one go', async () => {
    const data = { a: Array.from({ length: 5000 }, (_, i) => ({ id: `m-${i}`, text: 'Ответ «да»\n'.repeat(30) })) };
    const real = Buffer.byteLength(JSON.stringify(data));
    expect(await jsonLargerThanSliced(data, real * 0.99)).toBe(true);
    expect(await jsonLargerThanSliced(data, real * 1.01)).toBe(false);
  });

  it('lets through the largest real answer: a device’s pull page of the longest messages in a three-byte script', () => {
    const text = '漢'.repeat(MESSAGE_TEXT_MAX);
    const documents = Array.from({ length: PULL_BATCH_MAX }, (_, i) => ({
      id: `msg-${'x'.repeat(56)}-${i}`,
      chatId: 'c'.repeat(64),
      authorId: 'a'.repeat(64),
      clientId: 'k'.repeat(64),
      text,
      createdAt: '2026-11-18T10:00:00.000+03:00',
      createdPos: String(2 ** 53),
      edited: true,
      pos: String(2 ** 53),
      deleted: false,
    }));
    const page = { pullMessages: { documents, checkpoint: { id: documents.at(-1)!.id, pos: String(2 ** 53) } } };
    expect(Buffer.byteLength(JSON.stringify(page))).toBeGreaterThan(6 * 10 ** 6);
    expect(jsonLargerThan(page, RESPONSE_MAX_BYTES)).toBe(false);
  });

  it('counts escapes: a text of control characters and quotes is as long in JSON as it will be sent', () => {
    const data = { text: '\u0001"\\'.repeat(1000) + '🙂' };
    const real = Buffer.byteLength(JSON.stringify(data));
    expect(real).toBeGreaterThan(8000);
    expect(jsonLargerThan(data, real * 0.97)).toBe(true);
    expect(jsonLargerThan(data, real)).toBe(false);
  });
});
