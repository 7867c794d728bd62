import { describe, expect, it } from 'vitest';
import type { LessonDoc, MarkDoc, StructureDoc } from '../../sync/index.ts';
import { averageGrade, buildWeek, shortName, termFor } from './week-model.ts';

const lesson = (id: string, date: string, number: number): LessonDoc => ({
  id, pos: '1', schoolId: 's', classId: 'c', subjectId: 'math', teacherId: 't', date, number,
});
const grade = (value: string, weight?: number): MarkDoc => ({
  id: `m${value}${weight ?? ''}`, pos: '1', lessonId: 'l1', studentId: 'st', classId: 'c', subjectId: 'math',
  date: '2026-11-16', kind: 'grade', value, ...(weight ? { weight } : {}),
});

describe('buildWeek', () => {
  it('lays out Monday to Friday with bell times, teachers and marks, and skips an empty Saturday', () => {
    const days = buildWeek({
      monday: '2026-11-16',
      today: '2026-11-17',
      lessons: [lesson('l2', '2026-11-16', 2), lesson('l1', '2026-11-16', 1), lesson('l3', '2026-11-18', 1)],
      marks: [grade('5')],
      bells: new Map([[1, { id: 'b1', pos: '1', kind: 'bell', schoolId: 's', number: 1, starts: '08:30', ends: '09:15' } as StructureDoc]]),
      subjects: new Map([['math', { id: 'math', pos: '1', kind: 'subject', schoolId: 's', name: 'Математика' } as StructureDoc]]),
      people: new Map([['t', { id: 't', pos: '1', lastName: 'Иванова', firstName: 'Мария', patronymic: 'Петровна' }]]),
    });
    expect(days.map((d) => d.date)).toEqual(['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20']);
    expect(days[1]?.isToday).toBe(true);
    const monday = days[0]!;
    expect(monday.lessons.map((l) => l.id)).toEqual(['l1', 'l2']);
    expect(monday.lessons[0]).toMatchObject({ starts: '08:30', ends: '09:15', subjectName: 'Математика', teacherName: 'Иванова М. П.' });
    expect(monday.lessons[0]?.marks.map((m) => m.value)).toEqual(['5']);
    expect(monday.lessons[1]?.starts).toBeUndefined();
  });
});

describe('averageGrade', () => {
  it('weights grades and ignores attendance', () => {
    const attendance: MarkDoc = { ...grade('5'), id: 'a', kind: 'attendance', value: 'absent' };
    expect(averageGrade([grade('5'), grade('3', 2), attendance])).toBeCloseTo((5 + 6) / 3);
    expect(averageGrade([attendance])).toBeNull();
  });
});

describe('termFor', () => {
  const terms = [
    { id: 't1', pos: '1', kind: 'term', schoolId: 's', starts: '2026-09-01', ends: '2026-10-25' },
    { id: 't2', pos: '1', kind: 'term', schoolId: 's', starts: '2026-11-05', ends: '2026-12-28' },
  ] as StructureDoc[];
  it('finds the term of a date, or the one just before a holiday', () => {
    expect(termFor('2026-11-22', terms)?.id).toBe('t2');
    expect(termFor('2026-10-30', terms)?.id).toBe('t1');
    expect(termFor('2026-08-01', terms)?.id).toBe('t1');
  });
});

describe('shortName', () => {
  it('writes initials without a patronymic too', () => {
    expect(shortName({ id: 'x', pos: '1', lastName: 'Smith', firstName: 'John' })).toBe('Smith J.');
  });
});
