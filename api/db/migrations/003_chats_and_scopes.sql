-- Chats (a minimal model the messenger builds on), messages, and the bookkeeping that makes scopes
-- movable: which scope keys each person has been given, and at which change position.

CREATE TABLE chats (
  id text COLLATE "C" PRIMARY KEY,
  school_id text COLLATE "C" NOT NULL REFERENCES schools(id),
  kind text NOT NULL CHECK (kind IN ('class', 'teachers', 'parents', 'direct', 'group')),
  title text NOT NULL,
  about text,
  who_can_post text NOT NULL DEFAULT 'all' CHECK (who_can_post IN ('all', 'admins')),
  created_by text COLLATE "C" NOT NULL REFERENCES users(id),
  pos bigint NOT NULL DEFAULT 0,
  deleted boolean NOT NULL DEFAULT false
);

CREATE TABLE chat_members (
  chat_id text COLLATE "C" NOT NULL REFERENCES chats(id),
  user_id text COLLATE "C" NOT NULL REFERENCES users(id),
  role text NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'admin')),
  PRIMARY KEY (chat_id, user_id)
);
CREATE INDEX chat_members_user ON chat_members (user_id);

CREATE TABLE messages (
  id text COLLATE "C" PRIMARY KEY,
  chat_id text COLLATE "C" NOT NULL REFERENCES chats(id),
  author_id text COLLATE "C" NOT NULL REFERENCES users(id),
  client_id text COLLATE "C" NOT NULL,
  text text NOT NULL,
  created_at text NOT NULL,
  -- The position the message got when first stored: the chat's order, never the device clocks.
  created_pos bigint,
  edited boolean NOT NULL DEFAULT false,
  pos bigint NOT NULL DEFAULT 0,
  deleted boolean NOT NULL DEFAULT false
);
CREATE INDEX messages_chat_pos ON messages (chat_id, pos);

CREATE FUNCTION parta_stamp_created_pos() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.created_pos := COALESCE(NEW.created_pos, NEW.pos);
  RETURN NEW;
END $$;

CREATE TRIGGER chats_pos BEFORE INSERT OR UPDATE ON chats FOR EACH ROW EXECUTE FUNCTION parta_assign_pos();
CREATE TRIGGER messages_pos BEFORE INSERT OR UPDATE ON messages FOR EACH ROW EXECUTE FUNCTION parta_assign_pos();
-- BEFORE triggers run in name order: this one after messages_pos, so the position is set.
CREATE TRIGGER messages_pos_created BEFORE INSERT ON messages FOR EACH ROW EXECUTE FUNCTION parta_stamp_created_pos();
CREATE TRIGGER chats_notify AFTER INSERT OR UPDATE ON chats FOR EACH ROW EXECUTE FUNCTION parta_notify_change('chats', 'id');
CREATE TRIGGER messages_notify AFTER INSERT OR UPDATE ON messages FOR EACH ROW EXECUTE FUNCTION parta_notify_change('messages', 'chat_id');

-- Scope keys given to each person per collection (`class:7a`, `chat:c1`), recorded when their
-- pull first sees the scope change. `pos` is the change position of the grant (active) or of the
-- revocation (not active): a device behind that position receives the key's history, or
-- tombstones for what it must purge. See api/sync/grants.ts.
CREATE TABLE sync_grants (
  user_id text COLLATE "C" NOT NULL,
  collection text COLLATE "C" NOT NULL,
  key text COLLATE "C" NOT NULL,
  active boolean NOT NULL,
  pos bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (user_id, collection, key)
);
CREATE TRIGGER sync_grants_pos BEFORE INSERT OR UPDATE ON sync_grants FOR EACH ROW EXECUTE FUNCTION parta_assign_pos();

-- Wakes the streams of people whose scope a link change touches (payload `scope:user:<id>` or
-- `scope:school:<id>`), so they recompute their scope and pull. Both the old and the new row count.
CREATE FUNCTION parta_notify_scope() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'DELETE' AND to_jsonb(NEW) ->> TG_ARGV[1] IS NOT NULL THEN
    PERFORM pg_notify('parta_changes', 'scope:' || TG_ARGV[0] || ':' || (to_jsonb(NEW) ->> TG_ARGV[1]));
  END IF;
  IF TG_OP <> 'INSERT' AND to_jsonb(OLD) ->> TG_ARGV[1] IS NOT NULL THEN
    PERFORM pg_notify('parta_changes', 'scope:' || TG_ARGV[0] || ':' || (to_jsonb(OLD) ->> TG_ARGV[1]));
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER memberships_scope_school AFTER INSERT OR UPDATE OR DELETE ON memberships FOR EACH ROW EXECUTE FUNCTION parta_notify_scope('school', 'school_id');
CREATE TRIGGER guardianships_scope AFTER INSERT OR UPDATE OR DELETE ON guardianships FOR EACH ROW EXECUTE FUNCTION parta_notify_scope('user', 'parent_id');
CREATE TRIGGER teaching_scope AFTER INSERT OR UPDATE OR DELETE ON teaching FOR EACH ROW EXECUTE FUNCTION parta_notify_scope('user', 'teacher_id');
CREATE TRIGGER classes_scope AFTER INSERT OR UPDATE OR DELETE ON classes FOR EACH ROW EXECUTE FUNCTION parta_notify_scope('user', 'homeroom_teacher_id');
CREATE TRIGGER chat_members_scope AFTER INSERT OR UPDATE OR DELETE ON chat_members FOR EACH ROW EXECUTE FUNCTION parta_notify_scope('user', 'user_id');

CREATE VIEW sync_chats AS
  SELECT id, pos, deleted, school_id AS "schoolId", kind, title, about, who_can_post AS "whoCanPost",
         created_by AS "createdBy"
  FROM chats;

CREATE VIEW sync_messages AS
  SELECT id, pos, deleted, chat_id AS "chatId", author_id AS "authorId", client_id AS "clientId", text,
         created_at AS "createdAt", created_pos::text AS "createdPos", edited
  FROM messages;
