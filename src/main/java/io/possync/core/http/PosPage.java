package io.possync.core.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The workstation's POS page (POS-API.md section 8): static HTML, JavaScript and CSS from the class path
 * ({@code webroot/pos}), served by the host at {@code /} and by the cloud at {@code /pos/}. Mounted after every other
 * route, so it never shadows one; a path it has no file for falls through to the router's JSON 404.
 */
public final class PosPage {

  /** Where the page's files are, on the class path. */
  public static final String WEBROOT = "webroot/pos";
  /** How long a browser may keep a file before asking again (a screen picks up a new release within minutes). */
  static final long MAX_AGE_SECONDS = 300;

  private PosPage() {
  }

  /**
   * Serves the page under {@code mountPoint} ({@code "/"} or a path ending with a slash, like {@code "/pos/"}); the
   * mount point without its slash redirects to it, so the page's relative links resolve.
   */
  public static void mount(Router router, String mountPoint) {
    if (mountPoint == null || !mountPoint.startsWith("/") || !mountPoint.endsWith("/")) {
      throw new IllegalArgumentException("the POS page's mount point starts and ends with a slash: " + mountPoint);
    }
    if (mountPoint.length() > 1) {
      String bare = mountPoint.substring(0, mountPoint.length() - 1);
      router.route(bare).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(ctx -> {
        if (bare.equals(ctx.request().path())) { // the route matches the path with its slash too
          ctx.response().setStatusCode(301).putHeader("location", mountPoint).end();
        } else {
          ctx.next();
        }
      });
    }
    StaticHandler files = StaticHandler.create(WEBROOT).setIndexPage("index.html").setCachingEnabled(true)
        .setMaxAgeSeconds(MAX_AGE_SECONDS).setDirectoryListing(false).setIncludeHidden(false);
    router.route(mountPoint + "*").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(ctx -> {
      // The page's URL carries nothing secret (the device token is in the fragment, never sent), and no other
      // site may frame a till.
      ctx.response().putHeader("X-Content-Type-Options", "nosniff").putHeader("Referrer-Policy", "no-referrer")
          .putHeader("X-Frame-Options", "DENY");
      ctx.next();
    }).handler(files);
  }
}
