package io.possync.core.http;

import io.possync.core.error.ErrorCode;
import io.possync.core.error.PossyncException;
import io.vertx.core.http.HttpHeaders;
import io.possync.core.wire.Wire;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every error a client sees is {@code {"error": "<code>", "message": "..."}} with a fitting status; a failure we did
 * not foresee is logged here once and answered 500 without its stack trace. This is the one place where a domain
 * {@link ErrorCode} becomes an HTTP status. A router's {@link #install(Router, Function) known} failures (the cloud's
 * database being away) are turned into domain failures here too, so they are answered, not logged per request.
 */
public final class HttpErrors {

  private static final Logger LOG = Logger.getLogger(HttpErrors.class.getName());

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

  /** The HTTP status of each domain error code. */
  public static int status(ErrorCode code) {
    return switch (code) {
      case INVALID, BAD_JSON, MODIFIER_RULE -> 400;
      case UNAUTHORIZED, INVALID_TOKEN, DEVICE_REVOKED, INVALID_CREDENTIALS, SESSION_REVOKED -> 401;
      case CARD_DECLINED, OFFLINE_LIMIT, INSUFFICIENT_BALANCE -> 402;
      case FORBIDDEN, ADMIN_DISABLED, MISSING_PRIVILEGE -> 403;
      case NOT_FOUND, GIFT_CARD_NOT_FOUND -> 404;
      case CONFLICT, CHECK_CLOSED, BALANCE_DUE, HAS_PAYMENTS -> 409;
      case FULL_SYNC_REQUIRED -> 410;
      case REVISION_MISMATCH -> 412;
      case TOO_LARGE -> 413;
      case IDEMPOTENCY_KEY_REUSED -> 422;
      case BUSY, TOO_MANY_ATTEMPTS -> 429;
      case INTERNAL -> 500;
      case DATABASE_UNAVAILABLE, NOT_READY -> 503;
    };
  }

  /** The error body of a domain failure: code, message and its details. */
  public static JsonObject body(PossyncException e) {
    return new JsonObject().put(Wire.ERROR, e.code().wire()).put(Wire.MESSAGE, e.getMessage()).mergeIn(e.details());
  }

  /** Answers with a domain failure: its status, body and {@code Retry-After}. */
  public static void send(HttpServerResponse res, PossyncException e) {
    if (e.retryAfterSeconds() != null && !res.headWritten()) {
      res.putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfterSeconds()));
    }
    send(res, status(e.code()), body(e));
  }

  /**
   * Answers a failed request by what failed: a domain failure or a body that is not JSON directly; anything else
   * goes to the router's error handler, which knows the failures of its node ({@link #install(Router, Function)}).
   */
  public static void fail(RoutingContext ctx, Throwable err) {
    if (err instanceof PossyncException || err instanceof DecodeException || err instanceof ClassCastException
        || err == null) {
      answer(ctx, err, x -> null);
    } else {
      ctx.fail(err);
    }
  }

  private static void answer(RoutingContext ctx, Throwable err, Function<Throwable, PossyncException> known) {
    HttpServerResponse res = ctx.response();
    if (res.closed()) {
      return; // the client went away (a host stopping mid-request): nobody to answer, nothing failed here
    }
    PossyncException domain = err instanceof PossyncException p ? p : err == null ? null : known.apply(err);
    if (domain != null) {
      send(res, domain);
    } else if (err instanceof DecodeException || err instanceof ClassCastException) {
      send(res, 400, ErrorCode.BAD_JSON.wire(), "the request body is not the JSON expected");
    } else {
      LOG.log(Level.SEVERE, "unexpected failure on " + ctx.request().method() + " " + ctx.request().path(), err);
      send(res, 500, ErrorCode.INTERNAL.wire(), "internal error; the log has the details");
    }
  }

  /** Catch-alls: unknown routes, bodies over the limit, and anything a handler let escape. */
  public static void install(Router router) {
    install(router, err -> null);
  }

  /**
   * Catch-alls: unknown routes, bodies over the limit, and anything a handler let escape or passed to
   * {@link #fail}; {@code known} turns the failures this node knows (else null) into domain failures.
   */
  public static void install(Router router, Function<Throwable, PossyncException> known) {
    router.errorHandler(404, ctx -> send(ctx.response(), PossyncException.notFound("no such endpoint")));
    router.errorHandler(405, ctx -> send(ctx.response(), 405, "method_not_allowed", "method not allowed here"));
    router.errorHandler(413, ctx -> send(ctx.response(),
        new PossyncException(ErrorCode.TOO_LARGE, "the request body is over the limit")));
    router.errorHandler(400, ctx -> {
      if (ctx.failure() != null) {
        answer(ctx, ctx.failure(), known);
      } else {
        send(ctx.response(), 400, "bad_request", "bad request");
      }
    });
    router.errorHandler(500, ctx -> answer(ctx,
        ctx.failure() == null ? new IllegalStateException("500 without a failure") : ctx.failure(), known));
  }

  /** The request body as a JSON object, or a 400. */
  public static JsonObject jsonBody(RoutingContext ctx) {
    if (ctx.body() == null || ctx.body().buffer() == null || ctx.body().length() == 0) {
      throw PossyncException.badJson("a JSON body is required");
    }
    String text = ctx.body().asString().stripLeading();
    if (!text.startsWith("{")) {
      throw PossyncException.badJson("the request body must be a JSON object");
    }
    try {
      return new JsonObject(text);
    } catch (DecodeException e) {
      throw PossyncException.badJson("the request body is not valid JSON");
    }
  }
}
