import { addDays, type LessonDoc, type MarkDoc, type PersonDoc, type StructureDoc } from '../../sync/index.ts';

export interface DiaryLesson {
  id: string;
  number: number;
  starts: string | undefined;
  ends: string | undefined;
  subjectId: string;
  subjectName: string;
  /** Set in a teacher's week, where lessons come from several classes. */
  className: string | undefined;
  room: string | undefined;
  teacherName: string | undefined;
  topic: string | undefined;
  homework: string | undefined;
  marks: MarkDoc[];
  /** A published online lesson for this lesson: the diary shows «Присоединиться к уроку». */
  onlineCallId: string | undefined;
}

export interface DiaryDay {
  date: string;
  isToday: boolean;
  lessons: DiaryLesson[];
}

export interface WeekInput {
  monday: string;
  today: string;
  lessons: readonly LessonDoc[];
  marks: readonly MarkDoc[];
  bells: ReadonlyMap<number, StructureDoc>;
  subjects: ReadonlyMap<string, StructureDoc>;
  people: ReadonlyMap<string, PersonDoc>;
  /** Given for a teacher's week: each lesson then names its class. */
  classes?: ReadonlyMap<string, StructureDoc>;
  /** Published online lessons by lesson id. */
  onlineCalls?: ReadonlyMap<string, { id: string }>;
}

/** «Иванова М. П.»: how a diary names a teacher. */
export function shortName(person: PersonDoc | undefined): string | undefined {
  if (!person) return undefined;
  const initials = [person.firstName, person.patronymic]
    .filter((p): p is string => !!p)
    .map((p) => `${p.charAt(0)}.`)
    .join(' ');
  return `${person.lastName} ${initials}`.trim();
}

/**
 * A week of the diary: Monday to Saturday (Saturday only when it has lessons), each lesson with
 * its bell times, subject, room, teacher, topic, homework and the student's marks for it.
 */
export function buildWeek(input: WeekInput): DiaryDay[] {
  const marksByLesson = new Map<string, MarkDoc[]>();
  for (const mark of input.marks) {
    const list = marksByLesson.get(mark.lessonId) ?? [];
    list.push(mark);
    marksByLesson.set(mark.lessonId, list);
  }
  const days: DiaryDay[] = [];
  for (let i = 0; i < 6; i++) {
    const date = addDays(input.monday, i);
    const lessons = input.lessons
      .filter((l) => l.date === date)
      .sort((a, b) => a.number - b.number)
      .map((l): DiaryLesson => {
        const bell = input.bells.get(l.number);
        return {
          id: l.id,
          number: l.number,
          starts: bell?.starts,
          ends: bell?.ends,
          subjectId: l.subjectId,
          subjectName: input.subjects.get(l.subjectId)?.name ?? '',
          className: input.classes?.get(l.classId)?.name,
          room: l.room,
          teacherName: shortName(input.people.get(l.teacherId)),
          topic: l.topic,
          homework: l.homework,
          marks: marksByLesson.get(l.id) ?? [],
          onlineCallId: input.onlineCalls?.get(l.id)?.id,
        };
      });
    if (i === 5 && lessons.length === 0) continue;
    days.push({ date, isToday: date === input.today, lessons });
  }
  return days;
}

/** Weighted average of the grades (weight 1 when unset), or null without grades. */
export function averageGrade(marks: readonly MarkDoc[]): number | null {
  let sum = 0;
  let weights = 0;
  for (const m of marks) {
    if (m.kind !== 'grade') continue;
    const w = m.weight ?? 1;
    sum += Number(m.value) * w;
    weights += w;
  }
  return weights ? sum / weights : null;
}

/** The term a date falls in, else the last one that started before it, else the first. */
export function termFor(date: string, terms: readonly StructureDoc[]): StructureDoc | undefined {
  const sorted = [...terms].sort((a, b) => (a.starts ?? '').localeCompare(b.starts ?? ''));
  return (
    sorted.find((t) => (t.starts ?? '') <= date && date <= (t.ends ?? '')) ??
    [...sorted].reverse().find((t) => (t.starts ?? '') <= date) ??
    sorted[0]
  );
}
