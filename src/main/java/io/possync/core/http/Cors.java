package io.possync.core.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.CorsHandler;
import java.util.Set;

/**
 * Cross-origin calls for the POS page: a page served by the host calls the cloud when the host is away (GREEN mode),
 * and a page served by the cloud calls the host. Any origin may call {@code /api/pos/*}, {@code /health} and
 * {@code /api/host/status}: they are authorized by bearer tokens, never cookies, so no credentials are allowed. A
 * preflight {@code OPTIONS} is answered 204 here; mount this before the routes.
 */
public final class Cors {

  /** The paths a POS page on another origin calls. */
  public static final String[] PATHS = {"/api/pos/*", "/health", "/api/host/status"};
  static final Set<HttpMethod> METHODS = Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.DELETE,
      HttpMethod.OPTIONS);
  static final Set<String> HEADERS = Set.of("Authorization", "Content-Type", "Idempotency-Key", "If-Match");
  /** How long a browser may keep a preflight's answer. */
  static final int MAX_AGE_SECONDS = 600;

  private Cors() {
  }

  public static void mount(Router router) {
    CorsHandler cors = CorsHandler.create().allowedMethods(METHODS).allowedHeaders(HEADERS)
        .exposedHeader("Retry-After").allowCredentials(false).maxAgeSeconds(MAX_AGE_SECONDS)
        // a page from the cloud calling the host on the restaurant's network
        .allowPrivateNetwork(true);
    for (String path : PATHS) {
      router.route(path).handler(cors);
    }
  }
}
