package io.possync.core.pos;

import io.vertx.core.Future;

/** Finds the site a call belongs to from its token (a device or session token names its property). */
public interface PosSites {

  /**
   * The site of the property the token names, with its configuration current; fails with {@code invalid_token}
   * (or {@code session_revoked} for what looks like a session) when the token names no property served here.
   */
  Future<PosSite> of(String token);

  /** The host's one site, whatever the token. */
  static PosSites only(PosSite site) {
    return token -> Future.succeededFuture(site);
  }
}
