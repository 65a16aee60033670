package io.possync.core.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/** The bearer token of a request, read the same way by every endpoint of both roles. */
public final class Bearer {

  private Bearer() {
  }

  /** The token of {@code Authorization: Bearer <token>}, or null when there is none. */
  public static String of(HttpServerRequest req) {
    String h = req.getHeader(HttpHeaders.AUTHORIZATION);
    if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7) || h.length() <= 7) {
      return null;
    }
    String token = h.substring(7).trim();
    return token.isEmpty() ? null : token;
  }
}
