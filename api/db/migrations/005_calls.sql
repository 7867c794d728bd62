-- Calls and online lessons (api/calls/). `calls` is synced (collection `calls`, scope key
-- `call:<id>`); who is in a call right now, its hands and its chat live in the other tables and
-- reach people through the `callRoom` subscription, woken by NOTIFY `call:<id>`.

CREATE TABLE calls (
  id text COLLATE "C" PRIMARY KEY,
  school_id text COLLATE "C" NOT NULL REFERENCES schools(id),
  kind text NOT NULL CHECK (kind IN ('lesson', 'link', 'chat')),
  media text NOT NULL CHECK (media IN ('audio', 'video')),
  audience text NOT NULL CHECK (audience IN ('members', 'school', 'link')),
  title text NOT NULL,
  lesson_id text COLLATE "C" REFERENCES lessons(id),
  class_id text COLLATE "C" REFERENCES classes(id),
  date date,
  -- Whoever started or created the call: it moderates (mute, remove, end).
  admin_id text COLLATE "C" NOT NULL REFERENCES users(id),
  status text NOT NULL CHECK (status IN ('draft', 'published', 'ended')),
  -- Set once when published and never cleared: members see the call from then on, also once it
  -- has ended (a draft ended unpublished stays the admin's alone).
  published_at timestamptz,
  transport text NOT NULL CHECK (transport IN ('mesh', 'sfu')),
  link_code text COLLATE "C" UNIQUE,
  sfu_room bigint,
  -- The Janus room's secret: every API process must be able to moderate and destroy the room.
  sfu_secret text,
  -- Someone is in the call now (kept by the join/leave mutations, so the list shows «live»).
  live boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  ended_at timestamptz,
  pos bigint NOT NULL DEFAULT 0,
  deleted boolean NOT NULL DEFAULT false,
  CHECK ((kind = 'lesson') = (lesson_id IS NOT NULL))
);
CREATE INDEX calls_admin ON calls (admin_id);
-- One online lesson per diary lesson at a time.
CREATE UNIQUE INDEX calls_lesson_open ON calls (lesson_id) WHERE status <> 'ended' AND NOT deleted;

-- The audience of a lesson (its students) or of a members-only call; people who joined a school
-- or link call by its link are added, so the call stays in their list.
CREATE TABLE call_members (
  call_id text COLLATE "C" NOT NULL REFERENCES calls(id),
  user_id text COLLATE "C" NOT NULL REFERENCES users(id),
  PRIMARY KEY (call_id, user_id)
);
CREATE INDEX call_members_user ON call_members (user_id);

-- Presences: one row per join. `id` is also the PeerJS peer id and the Janus display; `token` is
-- the PeerJS token and the VideoRoom join token of this presence.
CREATE TABLE call_participants (
  id text COLLATE "C" PRIMARY KEY,
  call_id text COLLATE "C" NOT NULL REFERENCES calls(id),
  user_id text COLLATE "C" NOT NULL REFERENCES users(id),
  token text COLLATE "C" NOT NULL,
  joined_at timestamptz NOT NULL DEFAULT now(),
  left_at timestamptz,
  audio boolean NOT NULL DEFAULT false,
  video boolean NOT NULL DEFAULT false,
  screen boolean NOT NULL DEFAULT false,
  hand_raised boolean NOT NULL DEFAULT false,
  -- Bumped each time the admin mutes this person: the room tells their device once per mute.
  mute_seq integer NOT NULL DEFAULT 0,
  -- Removed by the admin: may not join again.
  removed boolean NOT NULL DEFAULT false,
  -- Last sign of life: the person's callRoom subscription touches it while open (room.ts). A
  -- presence silent for longer than the timeout (a crashed tab, a phone gone) is ended as
  -- `expired`, and revived if that subscription comes back.
  seen_at timestamptz NOT NULL DEFAULT now(),
  expired boolean NOT NULL DEFAULT false,
  -- The tab or device (its own random id) this presence runs on. Joining from another device moves
  -- the person there: this presence ends as `moved` and its device is told so.
  device text COLLATE "C",
  moved boolean NOT NULL DEFAULT false
);
CREATE INDEX call_participants_call ON call_participants (call_id, user_id);
-- At most one live presence per person and call: a second join is a reconnection.
CREATE UNIQUE INDEX call_participants_live ON call_participants (call_id, user_id) WHERE left_at IS NULL;

CREATE TABLE call_chat (
  id text COLLATE "C" PRIMARY KEY,
  call_id text COLLATE "C" NOT NULL REFERENCES calls(id),
  author_id text COLLATE "C" NOT NULL REFERENCES users(id),
  -- The sender's id for the line: a send repeated after a lost answer adds nothing.
  client_id text COLLATE "C" NOT NULL,
  text text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (call_id, author_id, client_id)
);
CREATE INDEX call_chat_call ON call_chat (call_id, created_at);

CREATE TRIGGER calls_pos BEFORE INSERT OR UPDATE ON calls FOR EACH ROW EXECUTE FUNCTION parta_assign_pos();
CREATE TRIGGER calls_notify AFTER INSERT OR UPDATE ON calls FOR EACH ROW EXECUTE FUNCTION parta_notify_change('calls', 'id');
-- Room changes (`call:<id>`) wake the callRoom subscriptions of every API process.
CREATE TRIGGER calls_room_notify AFTER UPDATE ON calls FOR EACH ROW EXECUTE FUNCTION parta_notify_change('call', 'id');
-- Not on `seen_at` alone: heartbeats change nothing anyone sees.
CREATE TRIGGER call_participants_notify AFTER INSERT OR UPDATE OF left_at, audio, video, screen, hand_raised, mute_seq, removed, moved
  ON call_participants FOR EACH ROW EXECUTE FUNCTION parta_notify_change('call', 'call_id');
CREATE TRIGGER call_chat_notify AFTER INSERT ON call_chat FOR EACH ROW EXECUTE FUNCTION parta_notify_change('call', 'call_id');

-- Scopes: the admin holds `call:<id>` from creation, members from publication.
CREATE TRIGGER calls_scope_admin AFTER INSERT ON calls FOR EACH ROW EXECUTE FUNCTION parta_notify_scope('user', 'admin_id');
-- A member's scope changes only if the call is published (a draft lesson's students see nothing yet).
CREATE FUNCTION parta_notify_call_member() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  link call_members;
BEGIN
  IF TG_OP = 'DELETE' THEN link := OLD; ELSE link := NEW; END IF;
  IF EXISTS (SELECT 1 FROM calls WHERE id = link.call_id AND published_at IS NOT NULL) THEN
    PERFORM pg_notify('parta_changes', 'scope:user:' || link.user_id);
    IF TG_OP = 'UPDATE' THEN PERFORM pg_notify('parta_changes', 'scope:user:' || OLD.user_id); END IF;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER call_members_scope AFTER INSERT OR UPDATE OR DELETE ON call_members FOR EACH ROW EXECUTE FUNCTION parta_notify_call_member();

CREATE FUNCTION parta_notify_call_members() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  member text;
BEGIN
  FOR member IN SELECT user_id FROM call_members WHERE call_id = NEW.id LOOP
    PERFORM pg_notify('parta_changes', 'scope:user:' || member);
  END LOOP;
  RETURN NULL;
END $$;
CREATE TRIGGER calls_scope_published AFTER UPDATE ON calls FOR EACH ROW
  WHEN (OLD.published_at IS DISTINCT FROM NEW.published_at OR OLD.deleted IS DISTINCT FROM NEW.deleted)
  EXECUTE FUNCTION parta_notify_call_members();

CREATE TRIGGER calls_scope_version AFTER INSERT OR UPDATE OF published_at, deleted, admin_id OR DELETE ON calls FOR EACH STATEMENT EXECUTE FUNCTION parta_bump_scope_version();
CREATE TRIGGER call_members_scope_version AFTER INSERT OR UPDATE OR DELETE ON call_members FOR EACH STATEMENT EXECUTE FUNCTION parta_bump_scope_version();

CREATE VIEW sync_calls AS
  SELECT id, pos, deleted, school_id AS "schoolId", kind, media, audience, title, lesson_id AS "lessonId",
         class_id AS "classId", date::text AS date, admin_id AS "adminId", status, transport,
         link_code AS "linkCode", live,
         to_char(ended_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "endedAt"
  FROM calls;
