import { DEMO_TEACHER_ID, generateDemoSchool } from '../../api/demo/index.ts';
import { E2E_TODAY } from './pinned-time.ts';

/** The demo teacher's 7А lessons on the pinned today (the diary week the e2e pages show). */
export function teacherLessonToday(): { lessons: { id: string; number: number }[] } {
  const school = generateDemoSchool({ today: E2E_TODAY });
  const lessons = school.rows.lessons
    .filter((l) => l.class_id === 'class-7a' && l.teacher_id === DEMO_TEACHER_ID && l.date === E2E_TODAY)
    .sort((a, b) => a.number - b.number)
    .map((l) => ({ id: l.id, number: l.number }));
  if (!lessons.length) throw new Error(`the demo teacher has no 7А lesson on ${E2E_TODAY}`);
  return { lessons };
}
