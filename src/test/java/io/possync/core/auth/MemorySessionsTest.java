package io.possync.core.auth;

import io.possync.support.MutableClock;

/** The session behaviour over the host's memory. */
class MemorySessionsTest extends SessionsTestBase {

  @Override
  protected SessionStore newStore(MutableClock clock) {
    return new MemorySessionStore();
  }
}
