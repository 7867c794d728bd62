import type { SessionInfo } from '../../sync/index.ts';
import type { Queryable } from '../db/database.ts';

/** The signed-in person as the client needs it to open their diary, offline included. */
export async function loadSessionInfo(db: Queryable, userId: string): Promise<SessionInfo | null> {
  const [user] = await db.query<{ id: string; last_name: string; first_name: string; patronymic: string | null }>(
    'SELECT id, last_name, first_name, patronymic FROM users WHERE id = $1 AND NOT deleted',
    [userId],
  );
  if (!user) return null;
  const roles = await db.query<{ school_id: string; role: SessionInfo['roles'][number]['role']; class_id: string | null }>(
    'SELECT school_id, role, class_id FROM memberships WHERE user_id = $1 ORDER BY school_id, role',
    [userId],
  );
  // Diary students: the person themselves when a student, and every linked child.
  const students = await db.query<{ id: string; last_name: string; first_name: string; class_id: string; class_name: string }>(
    `SELECT u.id, u.last_name, u.first_name, m.class_id, c.name AS class_name
       FROM users u
       JOIN memberships m ON m.user_id = u.id AND m.role = 'student'
       JOIN classes c ON c.id = m.class_id
      WHERE u.id = $1 OR u.id IN (SELECT child_id FROM guardianships WHERE parent_id = $1)
      ORDER BY (u.id = $1) DESC, c.name, u.last_name, u.first_name`,
    [userId],
  );
  const schoolId = roles[0]?.school_id;
  const [school] = schoolId
    ? await db.query<{ id: string; name: string; time_zone: string }>('SELECT id, name, time_zone FROM schools WHERE id = $1', [
        schoolId,
      ])
    : [];
  return {
    userId: user.id,
    lastName: user.last_name,
    firstName: user.first_name,
    patronymic: user.patronymic,
    roles: roles.map((r) => ({ schoolId: r.school_id, role: r.role, classId: r.class_id })),
    diaryStudents: students.map((s) => ({
      id: s.id,
      lastName: s.last_name,
      firstName: s.first_name,
      classId: s.class_id,
      className: s.class_name,
    })),
    school: school ? { id: school.id, name: school.name, timeZone: school.time_zone } : null,
  };
}
