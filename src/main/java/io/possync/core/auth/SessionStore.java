package io.possync.core.auth;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/**
 * Where employee sessions and sign-in attempts are kept: in the host's memory ({@link MemorySessionStore}: a host
 * restart signs everyone in again), or in the cloud's PostgreSQL (every cloud node sees every session and every
 * failed PIN). Both pass the same behaviour suite ({@code SessionsTestBase}). Only the SHA-256 of a token is kept.
 */
public interface SessionStore {

  /**
   * Starts a sign-in attempt of a device. An attempt counts when it starts, so guesses sent together cannot all run
   * before the fifth failure locks the device: while failures and attempts under way reach
   * {@link Sessions#MAX_FAILURES}, no new one starts.
   *
   * @return null when the attempt may go on (it is now under way), else until when the device must wait
   */
  Future<Instant> begin(String deviceId, Instant now);

  /**
   * Ends an attempt {@link #begin} let through: a success forgets the device's failures; a failure is counted, and
   * the {@link Sessions#MAX_FAILURES}th within {@link Sessions#FAILURE_WINDOW} locks the device for
   * {@link Sessions#LOCKOUT}.
   *
   * @return the end of the lock this failure set, or null
   */
  Future<Instant> end(String deviceId, boolean ok, Instant now);

  Future<Void> put(String tokenHash, Sessions.Session session);

  /** The session of a token hash, or a null result. */
  Future<Sessions.Session> get(String tokenHash);

  Future<Void> remove(String tokenHash);

  /** Removes the sessions that {@code gone} matches; returns them. */
  Future<List<Sessions.Session>> removeIf(Predicate<Sessions.Session> gone);
}
