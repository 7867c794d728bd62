-- One view per synced collection: rows shaped as the documents in sync/ (camelCase fields, dates as
-- ISO text). The sync engine selects from these with the scope filter and the checkpoint.

CREATE VIEW sync_people AS
  SELECT id, pos, deleted, last_name AS "lastName", first_name AS "firstName", patronymic
  FROM users;

CREATE VIEW sync_structure AS
  SELECT id, pos, deleted, 'school'::text AS kind, id AS "schoolId", name, time_zone AS "timeZone",
         NULL::text AS starts, NULL::text AS ends, NULL::int AS number, NULL::text AS "yearId",
         NULL::text AS "classId", NULL::text AS "subjectId", NULL::text AS "teacherId",
         NULL::int AS weekday, NULL::text AS room
  FROM schools
  UNION ALL
  SELECT id, pos, deleted, 'year', school_id, name, NULL, starts::text, ends::text, NULL, NULL,
         NULL, NULL, NULL, NULL, NULL
  FROM school_years
  UNION ALL
  SELECT id, pos, deleted, 'term', school_id, name, NULL, starts::text, ends::text, NULL, year_id,
         NULL, NULL, NULL, NULL, NULL
  FROM terms
  UNION ALL
  SELECT id, pos, deleted, 'bell', school_id, NULL, NULL, starts, ends, number, NULL,
         NULL, NULL, NULL, NULL, NULL
  FROM bell_slots
  UNION ALL
  SELECT id, pos, deleted, 'class', school_id, name, NULL, NULL, NULL, NULL, year_id,
         NULL, NULL, homeroom_teacher_id, NULL, NULL
  FROM classes
  UNION ALL
  SELECT id, pos, deleted, 'subject', school_id, name, NULL, NULL, NULL, NULL, NULL,
         NULL, NULL, NULL, NULL, NULL
  FROM subjects
  UNION ALL
  SELECT id, pos, deleted, 'timetable', school_id, NULL, NULL, NULL, NULL, number, NULL,
         class_id, subject_id, teacher_id, weekday, room
  FROM timetable_slots;

CREATE VIEW sync_lessons AS
  SELECT id, pos, deleted, school_id AS "schoolId", class_id AS "classId", subject_id AS "subjectId",
         teacher_id AS "teacherId", date::text AS date, number, room, topic, homework
  FROM lessons;

CREATE VIEW sync_marks AS
  SELECT id, pos, deleted, lesson_id AS "lessonId", student_id AS "studentId", class_id AS "classId",
         subject_id AS "subjectId", date::text AS date, kind, value, weight, comment,
         author_id AS "authorId"
  FROM marks;
