-- A counter of changes to the links that shape scopes, bumped in the changing transaction itself, so
-- an API process can keep people's scopes in memory and know exactly when to re-read them (one
-- cheap read per request instead of five queries). Notifications alone would leave a window in
-- which a pull right after a change still used the old scope.
CREATE TABLE scope_version (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  v bigint NOT NULL
);
INSERT INTO scope_version (v) VALUES (0);

CREATE FUNCTION parta_bump_scope_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE scope_version SET v = v + 1;
  RETURN NULL;
END $$;

CREATE TRIGGER memberships_scope_version AFTER INSERT OR UPDATE OR DELETE ON memberships FOR EACH STATEMENT EXECUTE FUNCTION parta_bump_scope_version();
CREATE TRIGGER guardianships_scope_version AFTER INSERT OR UPDATE OR DELETE ON guardianships FOR EACH STATEMENT EXECUTE FUNCTION parta_bump_scope_version();
CREATE TRIGGER teaching_scope_version AFTER INSERT OR UPDATE OR DELETE ON teaching FOR EACH STATEMENT EXECUTE FUNCTION parta_bump_scope_version();
CREATE TRIGGER classes_scope_version AFTER INSERT OR UPDATE OF homeroom_teacher_id, deleted OR DELETE ON classes FOR EACH STATEMENT EXECUTE FUNCTION parta_bump_scope_version();
CREATE TRIGGER chat_members_scope_version AFTER INSERT OR UPDATE OR DELETE ON chat_members FOR EACH STATEMENT EXECUTE FUNCTION parta_bump_scope_version();
CREATE TRIGGER chats_scope_version AFTER UPDATE OF deleted OR DELETE ON chats FOR EACH STATEMENT EXECUTE FUNCTION parta_bump_scope_version();
