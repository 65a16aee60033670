package io.possync.core.http;

import io.possync.core.catalog.ValidationException;
import io.possync.core.wire.Wire;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every error a client sees is {@code {"error": "<code>", "message": "..."}} with a fitting status; a failure we did
 * not foresee is logged here once and answered 500 without its stack trace.
 */
public final class HttpErrors {

  private static final Logger LOG = Logger.getLogger(HttpErrors.class.getName());

  /** A failure that carries its own status and error code. */
  public static class HttpFailure extends RuntimeException {
    public final int status;
    public final String code;
    public final JsonObject extra;

    public HttpFailure(int status, String code, String message) {
      this(status, code, message, null);
    }

    public HttpFailure(int status, String code, String message, JsonObject extra) {
      super(message, null, false, false);
      this.status = status;
      this.code = code;
      this.extra = extra;
    }
  }

  private HttpErrors() {
  }

  public static void send(HttpServerResponse res, int status, String code, String message) {
    send(res, status, new JsonObject().put(Wire.ERROR, code).put(Wire.MESSAGE, message));
  }

  public static void send(HttpServerResponse res, int status, JsonObject body) {
    if (res.ended() || res.closed()) {
      return;
    }
    if (res.headWritten()) {
      res.reset();
      return;
    }
    res.setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
  }

  /** Answers a failed request by what failed. */
  public static void fail(RoutingContext ctx, Throwable err) {
    HttpServerResponse res = ctx.response();
    if (err instanceof HttpFailure f) {
      JsonObject body = new JsonObject().put(Wire.ERROR, f.code).put(Wire.MESSAGE, f.getMessage());
      if (f.extra != null) {
        body.mergeIn(f.extra);
      }
      send(res, f.status, body);
    } else if (err instanceof ValidationException v) {
      JsonObject body = new JsonObject().put(Wire.ERROR, "invalid").put(Wire.MESSAGE, v.getMessage());
      if (v.field() != null) {
        body.put("field", v.field());
      }
      send(res, 400, body);
    } else if (err instanceof DecodeException || err instanceof ClassCastException) {
      send(res, 400, "bad_json", "the request body is not the JSON expected");
    } else {
      LOG.log(Level.SEVERE, "unexpected failure on " + ctx.request().method() + " " + ctx.request().path(), err);
      send(res, 500, "internal", "internal error; the cloud log has the details");
    }
  }

  /** Catch-alls: unknown routes, bodies over the limit, and anything a handler let escape. */
  public static void install(Router router) {
    router.errorHandler(404, ctx -> send(ctx.response(), 404, "not_found", "no such endpoint"));
    router.errorHandler(405, ctx -> send(ctx.response(), 405, "method_not_allowed", "method not allowed here"));
    router.errorHandler(413, ctx -> send(ctx.response(), 413, "too_large", "the request body is over the limit"));
    router.errorHandler(400, ctx -> {
      if (ctx.failure() != null) {
        fail(ctx, ctx.failure());
      } else {
        send(ctx.response(), 400, "bad_request", "bad request");
      }
    });
    router.errorHandler(500, ctx -> fail(ctx, ctx.failure() == null ? new IllegalStateException("500") : ctx.failure()));
  }

  /** The request body as a JSON object, or a 400. */
  public static JsonObject jsonBody(RoutingContext ctx) {
    if (ctx.body() == null || ctx.body().buffer() == null || ctx.body().length() == 0) {
      throw new HttpFailure(400, "bad_json", "a JSON body is required");
    }
    String text = ctx.body().asString().stripLeading();
    if (!text.startsWith("{")) {
      throw new HttpFailure(400, "bad_json", "the request body must be a JSON object");
    }
    try {
      return new JsonObject(text);
    } catch (DecodeException e) {
      throw new HttpFailure(400, "bad_json", "the request body is not valid JSON");
    }
  }
}
