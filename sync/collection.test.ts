import { describe, expect, expectTypeOf, it } from 'vitest';
import { editableFields, mergeFields, sameContent, tombstone } from './collection.ts';
import type { CallDoc } from './collections/calls.ts';
import { chats } from './collections/chats.ts';
import { marks, type MarkDoc } from './collections/marks.ts';
import { messages } from './collections/messages.ts';

describe('conflict helpers derived from a declaration', () => {
  it('compares only what a client writes: not the position, not server-set fields', () => {
    expect(editableFields(marks)).not.toContain('pos');
    expect(editableFields(marks)).not.toContain('authorId');
    expect(editableFields(marks)).toContain('deleted');
    const a = { id: 'm', pos: '1', lessonId: 'l', studentId: 's', kind: 'grade', value: '5', authorId: 'x', deleted: false };
    expect(sameContent(marks, a, { ...a, pos: '99', authorId: 'y' })).toBe(true);
    expect(sameContent(marks, a, { ...a, value: '4' })).toBe(false);
    // An absent optional field and a null one say the same.
    expect(sameContent(marks, { ...a, comment: null }, a)).toBe(true);
  });

  it('merges field by field: what the pusher changed wins, the rest stays the server’s', () => {
    const base = { id: 'c', schoolId: 's', kind: 'group', title: 'A', about: null, whoCanPost: 'all', createdBy: 'u', deleted: false };
    const pushed = { ...base, title: 'B' };
    const real = { ...base, whoCanPost: 'admins', pos: '7' };
    expect(mergeFields(chats, base, pushed, real)).toEqual({ ...base, title: 'B', whoCanPost: 'admins', pos: '7' });
    // Without an assumed state every pushed field counts as changed.
    expect(mergeFields(chats, null, pushed, real)).toMatchObject({ title: 'B', whoCanPost: 'all' });
  });

  it('builds a tombstone that is deleted, valid for the schema, and reveals nothing', () => {
    const t = tombstone(messages, 'msg-1', '42');
    expect(t).toMatchObject({ id: 'msg-1', pos: '42', deleted: true, text: '', authorId: '', createdPos: null, edited: false });
    expect(tombstone(marks, 'x', '1')).toMatchObject({ kind: 'grade', value: '', weight: null });
  });
});

describe('document types derived from a declaration (DocOf)', () => {
  it('has every field with its type: enums as their values, optional ones optional', () => {
    // Checked by the compiler (npm run typecheck); the runtime part only keeps vitest counting it.
    expectTypeOf<CallDoc['transport']>().toEqualTypeOf<'mesh' | 'sfu'>();
    expectTypeOf<CallDoc['live']>().toEqualTypeOf<boolean>();
    expectTypeOf<MarkDoc>().toEqualTypeOf<{
      id: string;
      pos: string;
      lessonId: string;
      studentId: string;
      classId: string;
      subjectId: string;
      date: string;
      kind: 'grade' | 'attendance';
      value: string;
      weight?: number;
      comment?: string;
      authorId?: string;
    }>();
    expect(Object.keys(marks.fields)).toContain('weight');
  });
});
