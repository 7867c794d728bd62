-- Parta foundation: accounts, school structure, journal, and the change positions sync relies on.
-- Runs unchanged on PGlite (PostgreSQL 18) and PostgreSQL 15+.

-- Change positions. Every synced row gets the next position when it is written. Writers of synced
-- rows take one transaction-scoped advisory lock first, so positions are handed out in commit order:
-- a reader that has seen position P can never later find a committed row below P.
-- (A plain sequence would not do: a transaction that draws a number and commits late would land
-- behind a checkpoint already given to a client.)
CREATE SEQUENCE change_pos AS bigint;

CREATE FUNCTION parta_assign_pos() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(74201);
  NEW.pos := nextval('change_pos');
  RETURN NEW;
END $$;

-- Wakes the API processes (LISTEN parta_changes). Payload `collection:scope-key`, the key read from
-- the column named by the trigger's second argument; identical payloads in one transaction are
-- delivered once, so a bulk write sends one notification per scope, not one per row.
CREATE FUNCTION parta_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('parta_changes', TG_ARGV[0] || ':' || COALESCE(to_jsonb(NEW) ->> TG_ARGV[1], ''));
  RETURN NULL;
END $$;

CREATE TABLE users (
  id text COLLATE "C" PRIMARY KEY,
  phone text COLLATE "C" UNIQUE,
  password_hash text,
  last_name text NOT NULL,
  first_name text NOT NULL,
  patronymic text,
  birth_date date,
  gender text CHECK (gender IN ('female', 'male')),
  created_at timestamptz NOT NULL DEFAULT now(),
  pos bigint NOT NULL DEFAULT 0,
  deleted boolean NOT NULL DEFAULT false
);

CREATE TABLE sessions (
  token_hash text COLLATE "C" PRIMARY KEY,
  user_id text COLLATE "C" NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  user_agent text,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Sign-in attempts per key (phone; address and phone; address) for rate limiting, kept in the
-- database so limits hold across restarts and across several API processes. An attempt is recorded
-- before the password is checked and removed when it succeeds.
CREATE TABLE sign_in_failures (
  id bigserial PRIMARY KEY,
  key text COLLATE "C" NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sign_in_failures_key_at ON sign_in_failures (key, at);

CREATE TABLE schools (
  id text COLLATE "C" PRIMARY KEY,
  name text NOT NULL,
  time_zone text NOT NULL,
  pos bigint NOT NULL DEFAULT 0,
  deleted boolean NOT NULL DEFAULT false
);

CREATE TABLE school_years (
  id text COLLATE "C" PRIMARY KEY,
  school_id text COLLATE "C" NOT NULL REFERENCES schools(id),
  name text NOT NULL,
  starts date NOT NULL,
  ends date NOT NULL,
  pos bigint NOT NULL DEFAULT 0,
  deleted boolean NOT NULL DEFAULT false
);

CREATE TABLE terms (
  id text COLLATE "C" PRIMARY KEY,
  school_id text COLLATE "C" NOT NULL REFERENCES schools(id),
  year_id text COLLATE "C" NOT NULL REFERENCES school_years(id),
  name text NOT NULL,
  starts date NOT NULL,
  ends date NOT NULL,
  pos bigint NOT NULL DEFAULT 0,
  deleted boolean NOT NULL DEFAULT false
);

CREATE TABLE bell_slots (
  id text COLLATE "C" PRIMARY KEY,
  school_id text COLLATE "C" NOT NULL REFERENCES schools(id),
  number integer NOT NULL,
  starts text NOT NULL CHECK (starts ~ '^\d\d:\d\d$'),
  ends text NOT NULL CHECK (ends ~ '^\d\d:\d\d$'),
  pos bigint NOT NULL DEFAULT 0,
  deleted boolean NOT NULL DEFAULT false,
  UNIQUE (school_id, number)
);

CREATE TABLE classes (
  id text COLLATE "C" PRIMARY KEY,
  school_id text COLLATE "C" NOT NULL REFERENCES schools(id),
  year_id text COLLATE "C" NOT NULL REFERENCES school_years(id),
  name text NOT NULL,
  homeroom_teacher_id text COLLATE "C" REFERENCES users(id),
  pos bigint NOT NULL DEFAULT 0,
  deleted boolean NOT NULL DEFAULT false
);

CREATE TABLE subjects (
  id text COLLATE "C" PRIMARY KEY,
  school_id text COLLATE "C" NOT NULL REFERENCES schools(id),
  name text NOT NULL,
  pos bigint NOT NULL DEFAULT 0,
  deleted boolean NOT NULL DEFAULT false
);

-- A person's role in a school; a student's and a homeroom teacher's class.
CREATE TABLE memberships (
  user_id text COLLATE "C" NOT NULL REFERENCES users(id),
  school_id text COLLATE "C" NOT NULL REFERENCES schools(id),
  role text NOT NULL CHECK (role IN ('student', 'parent', 'teacher', 'admin')),
  class_id text COLLATE "C" REFERENCES classes(id),
  PRIMARY KEY (user_id, school_id, role)
);
CREATE INDEX memberships_class ON memberships (class_id);

CREATE TABLE guardianships (
  parent_id text COLLATE "C" NOT NULL REFERENCES users(id),
  child_id text COLLATE "C" NOT NULL REFERENCES users(id),
  PRIMARY KEY (parent_id, child_id)
);
CREATE INDEX guardianships_child ON guardianships (child_id);

-- Which teacher teaches which subject to which class.
CREATE TABLE teaching (
  teacher_id text COLLATE "C" NOT NULL REFERENCES users(id),
  class_id text COLLATE "C" NOT NULL REFERENCES classes(id),
  subject_id text COLLATE "C" NOT NULL REFERENCES subjects(id),
  PRIMARY KEY (teacher_id, class_id, subject_id)
);
CREATE INDEX teaching_class ON teaching (class_id);

CREATE TABLE timetable_slots (
  id text COLLATE "C" PRIMARY KEY,
  school_id text COLLATE "C" NOT NULL REFERENCES schools(id),
  class_id text COLLATE "C" NOT NULL REFERENCES classes(id),
  weekday integer NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  number integer NOT NULL,
  subject_id text COLLATE "C" NOT NULL REFERENCES subjects(id),
  teacher_id text COLLATE "C" NOT NULL REFERENCES users(id),
  room text,
  pos bigint NOT NULL DEFAULT 0,
  deleted boolean NOT NULL DEFAULT false
);

CREATE TABLE lessons (
  id text COLLATE "C" PRIMARY KEY,
  school_id text COLLATE "C" NOT NULL REFERENCES schools(id),
  class_id text COLLATE "C" NOT NULL REFERENCES classes(id),
  subject_id text COLLATE "C" NOT NULL REFERENCES subjects(id),
  teacher_id text COLLATE "C" NOT NULL REFERENCES users(id),
  date date NOT NULL,
  number integer NOT NULL,
  room text,
  topic text,
  homework text,
  pos bigint NOT NULL DEFAULT 0,
  deleted boolean NOT NULL DEFAULT false
);
CREATE INDEX lessons_class_pos ON lessons (class_id, pos);

CREATE TABLE marks (
  id text COLLATE "C" PRIMARY KEY,
  school_id text COLLATE "C" NOT NULL REFERENCES schools(id),
  lesson_id text COLLATE "C" NOT NULL REFERENCES lessons(id),
  student_id text COLLATE "C" NOT NULL REFERENCES users(id),
  class_id text COLLATE "C" NOT NULL REFERENCES classes(id),
  subject_id text COLLATE "C" NOT NULL REFERENCES subjects(id),
  date date NOT NULL,
  kind text NOT NULL CHECK (kind IN ('grade', 'attendance')),
  value text NOT NULL,
  weight integer,
  comment text,
  author_id text COLLATE "C" REFERENCES users(id),
  pos bigint NOT NULL DEFAULT 0,
  deleted boolean NOT NULL DEFAULT false
);
CREATE INDEX marks_student_pos ON marks (student_id, pos);
CREATE INDEX marks_class_pos ON marks (class_id, pos);

-- Position and notification triggers on every synced table.
CREATE TRIGGER users_pos BEFORE INSERT OR UPDATE ON users FOR EACH ROW EXECUTE FUNCTION parta_assign_pos();
CREATE TRIGGER schools_pos BEFORE INSERT OR UPDATE ON schools FOR EACH ROW EXECUTE FUNCTION parta_assign_pos();
CREATE TRIGGER school_years_pos BEFORE INSERT OR UPDATE ON school_years FOR EACH ROW EXECUTE FUNCTION parta_assign_pos();
CREATE TRIGGER terms_pos BEFORE INSERT OR UPDATE ON terms FOR EACH ROW EXECUTE FUNCTION parta_assign_pos();
CREATE TRIGGER bell_slots_pos BEFORE INSERT OR UPDATE ON bell_slots FOR EACH ROW EXECUTE FUNCTION parta_assign_pos();
CREATE TRIGGER classes_pos BEFORE INSERT OR UPDATE ON classes FOR EACH ROW EXECUTE FUNCTION parta_assign_pos();
CREATE TRIGGER subjects_pos BEFORE INSERT OR UPDATE ON subjects FOR EACH ROW EXECUTE FUNCTION parta_assign_pos();
CREATE TRIGGER timetable_slots_pos BEFORE INSERT OR UPDATE ON timetable_slots FOR EACH ROW EXECUTE FUNCTION parta_assign_pos();
CREATE TRIGGER lessons_pos BEFORE INSERT OR UPDATE ON lessons FOR EACH ROW EXECUTE FUNCTION parta_assign_pos();
CREATE TRIGGER marks_pos BEFORE INSERT OR UPDATE ON marks FOR EACH ROW EXECUTE FUNCTION parta_assign_pos();

CREATE TRIGGER users_notify AFTER INSERT OR UPDATE ON users FOR EACH ROW EXECUTE FUNCTION parta_notify_change('people', 'id');
CREATE TRIGGER schools_notify AFTER INSERT OR UPDATE ON schools FOR EACH ROW EXECUTE FUNCTION parta_notify_change('structure', 'id');
CREATE TRIGGER school_years_notify AFTER INSERT OR UPDATE ON school_years FOR EACH ROW EXECUTE FUNCTION parta_notify_change('structure', 'school_id');
CREATE TRIGGER terms_notify AFTER INSERT OR UPDATE ON terms FOR EACH ROW EXECUTE FUNCTION parta_notify_change('structure', 'school_id');
CREATE TRIGGER bell_slots_notify AFTER INSERT OR UPDATE ON bell_slots FOR EACH ROW EXECUTE FUNCTION parta_notify_change('structure', 'school_id');
CREATE TRIGGER classes_notify AFTER INSERT OR UPDATE ON classes FOR EACH ROW EXECUTE FUNCTION parta_notify_change('structure', 'school_id');
CREATE TRIGGER subjects_notify AFTER INSERT OR UPDATE ON subjects FOR EACH ROW EXECUTE FUNCTION parta_notify_change('structure', 'school_id');
CREATE TRIGGER timetable_slots_notify AFTER INSERT OR UPDATE ON timetable_slots FOR EACH ROW EXECUTE FUNCTION parta_notify_change('structure', 'school_id');
CREATE TRIGGER lessons_notify AFTER INSERT OR UPDATE ON lessons FOR EACH ROW EXECUTE FUNCTION parta_notify_change('lessons', 'class_id');
CREATE TRIGGER marks_notify AFTER INSERT OR UPDATE ON marks FOR EACH ROW EXECUTE FUNCTION parta_notify_change('marks', 'class_id');

CREATE INDEX users_pos_idx ON users (pos);
CREATE INDEX structure_pos_1 ON school_years (school_id, pos);
CREATE INDEX structure_pos_2 ON terms (school_id, pos);
CREATE INDEX structure_pos_3 ON bell_slots (school_id, pos);
CREATE INDEX structure_pos_4 ON classes (school_id, pos);
CREATE INDEX structure_pos_5 ON subjects (school_id, pos);
CREATE INDEX structure_pos_6 ON timetable_slots (school_id, pos);
