import { describe, expect, it } from 'vitest';
import { checkDocument, checkField } from './fields.ts';
import { chats } from './collections/chats.ts';
import { marks } from './collections/marks.ts';
import { messages } from './collections/messages.ts';

const NOW = Date.parse('2026-11-18T12:00:00Z');
const message = { id: 'm1', pos: '0', chatId: 'c1', authorId: 'u1', clientId: 'd1', text: 'Привет', createdAt: '2026-11-18T09:00:00Z' };

describe('a document against its declaration', () => {
  it('takes a valid document, whatever the server-set fields and position hold', () => {
    expect(checkDocument(messages, { ...message, createdPos: '\u0000', edited: 'x', pos: 7 }, { now: NOW })).toBeNull();
  });

  it('names the first field at fault and why', () => {
    expect(checkDocument(messages, { ...message, text: 'a\u0000' }, { now: NOW })).toEqual({ field: 'text', problem: 'badCharacters' });
    expect(checkDocument(messages, { ...message, text: '\u200B' }, { now: NOW })).toEqual({ field: 'text', problem: 'blank' });
    expect(checkDocument(messages, { ...message, text: 'я'.repeat(4097) }, { now: NOW })).toEqual({ field: 'text', problem: 'tooLong', max: 4096 });
    expect(checkDocument(messages, { ...message, createdAt: '2025-02-30T10:00:00Z' }, { now: NOW })).toEqual({ field: 'createdAt', problem: 'badTimestamp' });
    expect(checkDocument(messages, { ...message, id: 'x'.repeat(65) }, { now: NOW })).toEqual({ field: 'id', problem: 'tooLong', max: 64 });
    expect(checkDocument(messages, { ...message, chatId: undefined }, { now: NOW })).toEqual({ field: 'chatId', problem: 'missing' });
    expect(checkDocument(messages, { ...message, text: 5 }, { now: NOW })).toEqual({ field: 'text', problem: 'wrongType' });
    const chat = { id: 'c', schoolId: 's', kind: 'group', title: 'Кружок', whoCanPost: 'all' };
    expect(checkDocument(chats, { ...chat, whoCanPost: 'everyone' })).toEqual({ field: 'whoCanPost', problem: 'notAllowed' });
    expect(checkDocument(chats, { ...chat, title: 'a\nb' })).toEqual({ field: 'title', problem: 'badCharacters' });
    expect(checkDocument(chats, { ...chat, about: 'a\nb' })).toBeNull();
  });

  it('keeps integers within what GraphQL carries, so one bad number never fails a whole push', () => {
    const mark = { id: 'k', lessonId: 'l', studentId: 's', kind: 'grade', value: '5' };
    expect(checkDocument(marks, { ...mark, weight: 2 ** 31 })).toEqual({ field: 'weight', problem: 'outOfRange' });
    expect(checkDocument(marks, { ...mark, weight: 1.5 })).toEqual({ field: 'weight', problem: 'wrongType' });
    expect(checkField({ type: 'integer', minimum: 0, maximum: 20 }, 21)).toEqual({ problem: 'outOfRange' });
  });

  it('does not check again a value the server already holds (accepted under older rules)', () => {
    const stored = { ...message, text: 'старое\u0007' };
    expect(checkDocument(messages, stored, { stored, now: NOW })).toBeNull();
    expect(checkDocument(messages, { ...stored, text: 'новое\u0007' }, { stored, now: NOW })).toEqual({ field: 'text', problem: 'badCharacters' });
  });
});
