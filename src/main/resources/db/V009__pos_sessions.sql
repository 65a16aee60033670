-- GREEN mode (issue 11): employee sessions and PIN attempts on the cloud (cloud/pos/PgSessionStore). Every cloud
-- node serves every property, so what a node knows of a session or of a wrong PIN must be known to all of them:
-- a session signed in on one node works on another, a sign-out ends it on all, and five wrong PINs spread over
-- several nodes still lock the workstation.

-- Only the SHA-256 of a session token is kept.
CREATE TABLE pos_sessions (
  token_hash text PRIMARY KEY,
  property_id uuid NOT NULL REFERENCES properties(id),
  employee_id text NOT NULL,
  device_id text NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX pos_sessions_property_idx ON pos_sessions (property_id);

-- A device's sign-in attempts (core/auth/SignInAttempts as JSON). The row is locked (SELECT ... FOR UPDATE) while an
-- attempt starts or ends, so two nodes never both let a sixth guess through.
CREATE TABLE pos_signin_attempts (
  property_id uuid NOT NULL REFERENCES properties(id),
  device_id text NOT NULL,
  state jsonb NOT NULL,
  PRIMARY KEY (property_id, device_id)
);
