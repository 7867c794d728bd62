-- A session ending must close every socket it holds open, in every API process (api/accounts/
-- session-sockets.ts). Deleting its row (sign-out; later «sign out everywhere», a password change,
-- a deleted user's cascade) or moving its expiry NOTIFYs `session:<token hash>` on the channel the
-- processes already LISTEN on; the process holding sockets of that session re-reads it and closes
-- them, or moves its expiry timer. Expiry itself writes nothing: each process times it.
CREATE FUNCTION parta_notify_session() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('parta_changes', 'session:' || OLD.token_hash);
  RETURN NULL;
END $$;
CREATE TRIGGER sessions_deleted_notify AFTER DELETE ON sessions FOR EACH ROW EXECUTE FUNCTION parta_notify_session();
CREATE TRIGGER sessions_expiry_notify AFTER UPDATE OF expires_at ON sessions FOR EACH ROW
  WHEN (OLD.expires_at IS DISTINCT FROM NEW.expires_at) EXECUTE FUNCTION parta_notify_session();
