package io.possync.core.pos;

import io.possync.core.auth.DeviceTokens;
import io.possync.core.auth.Sessions;
import io.possync.core.caps.Actor;
import io.possync.core.caps.Check;
import io.possync.core.caps.CheckService;
import io.possync.core.caps.CheckService.Answer;
import io.possync.core.caps.CheckService.Call;
import io.possync.core.caps.PosConfig;
import io.possync.core.caps.PosConfigView;
import io.possync.core.catalog.Catalog;
import io.possync.core.catalog.TextRules;
import io.possync.core.catalog.ValidationException;
import io.possync.core.error.ErrorCode;
import io.possync.core.error.PossyncException;
import io.possync.core.http.HttpErrors;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The workstation API of POS-API.md sections 1 to 3 on a router: sign-in, the configuration a screen reads, and the
 * check calls. Only HTTP here: tokens and headers in, {@link CheckService} and {@link Sessions} do the work, and
 * every failure is answered by {@link HttpErrors}.
 */
public final class PosRoutes {

  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  /** Largest body of a check call. */
  static final int MAX_BODY = 64 * 1024;
  static final int MAX_KEY = 200;

  private final Catalog catalog;
  private final PosSites sites;
  /** The screen configuration of one version, encoded once. */
  private record Encoded(int version, Buffer json) {
  }

  /** By property: a host has one, a cloud node one per property it serves. */
  private final java.util.Map<String, Encoded> configJson = java.util.Collections.synchronizedMap(
      new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, Encoded> eldest) {
          return size() > MAX_ENCODED;
        }
      });
  /** Properties whose screen configuration is kept encoded at most (a cloud node serves many). */
  static final int MAX_ENCODED = 256;

  public PosRoutes(Catalog catalog, PosSites sites) {
    this.catalog = catalog;
    this.sites = sites;
  }

  public void mount(Router router) {
    router.route("/api/pos/*").handler(BodyHandler.create().setBodyLimit(MAX_BODY));
    router.post("/api/pos/sessions").handler(this::signIn);
    router.delete("/api/pos/sessions/current").handler(ctx -> sites.of(PosAuth.bearer(ctx))
        .compose(site -> site.auth().sessions().end(PosAuth.bearer(ctx))
            .onComplete(ar -> site.sockets().recheck(site.config().get()))) // its sockets close with it
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(err -> HttpErrors.fail(ctx, err)));
    router.get("/api/pos/config").handler(this::config);
    router.get("/ws/pos").handler(this::socket);
    router.post("/api/pos/checks").handler(ctx -> write(ctx, "open", (s, c) -> s.open(c)));
    router.get("/api/pos/checks").handler(this::list);
    router.get("/api/pos/checks/:id").handler(ctx -> answer(ctx, () -> site(ctx).compose(site -> actor(site, ctx)
        .compose(a -> site.checks().get(checkId(ctx))).map(c -> new Answer(200, c.toJson())))));
    router.get("/api/pos/checks/:id/audit").handler(ctx -> answer(ctx, () -> site(ctx).compose(site -> actor(site, ctx)
        .compose(a -> site.checks().audit(checkId(ctx))).map(list -> {
          JsonArray a = new JsonArray();
          list.forEach(e -> a.add(e.toJson()));
          return new Answer(200, new JsonObject().put("audit", a));
        }))));
    router.post("/api/pos/checks/:id/lines").handler(ctx -> write(ctx, "lines", CheckService::addLine));
    router.post("/api/pos/checks/:id/lines/:lineId/void").handler(ctx -> write(ctx, "void-line",
        (s, c) -> s.voidLine(c, uuidParam(ctx, "lineId"))));
    router.post("/api/pos/checks/:id/discounts").handler(ctx -> write(ctx, "discounts", CheckService::addDiscount));
    router.post("/api/pos/checks/:id/service-charges").handler(ctx -> write(ctx, "service-charges",
        CheckService::addServiceCharge));
    router.post("/api/pos/checks/:id/send").handler(ctx -> write(ctx, "send", CheckService::send));
    router.post("/api/pos/checks/:id/close").handler(ctx -> write(ctx, "close", CheckService::close));
    router.post("/api/pos/checks/:id/void").handler(ctx -> write(ctx, "void", CheckService::voidCheck));
  }

  private Future<PosSite> site(RoutingContext ctx) {
    return sites.of(PosAuth.token(ctx));
  }

  private void signIn(RoutingContext ctx) {
    answer(ctx, () -> site(ctx).compose(site -> {
      PosConfig cfg = site.config().get();
      return site.auth().device(PosAuth.bearer(ctx)).compose(device -> {
        if (!DeviceTokens.WORKSTATION.equals(device.deviceType())) {
          return Future.failedFuture(new PossyncException(ErrorCode.INVALID_TOKEN, "sign in from a workstation"));
        }
        JsonObject body = HttpErrors.jsonBody(ctx);
        Object number = body.getValue("employeeNumber");
        Object pin = body.getValue("pin");
        if (!(number instanceof String n) || n.length() > 40 || !(pin instanceof String p) || p.length() > 40) {
          throw new ValidationException("employeeNumber and pin are required texts", "employeeNumber");
        }
        return site.auth().sessions().signIn(cfg, device.deviceId(), n, p).map(issued -> {
          PosConfig.Employee e = cfg.employee(issued.session().employeeId()).orElseThrow();
          return new Answer(201, new JsonObject().put("sessionToken", issued.token())
              .put("employee", new JsonObject().put("id", e.id()).put("firstName", e.firstName())
                  .put("lastName", e.lastName()).put("roleId", e.roleId()))
              .put("privileges", new JsonArray(cfg.privileges(e.roleId())))
              .put("expiresAt", issued.session().expiresAt().toString()));
        });
      });
    }));
  }

  /** The configuration a screen reads: with a session, or with the workstation's device token before sign-in. */
  private void config(RoutingContext ctx) {
    site(ctx).compose(site -> site.auth().anyone(PosAuth.bearer(ctx)).map(x -> site.config().get())).onSuccess(cfg -> {
      String property = cfg.property().map(PosConfig.Property::id).orElse("");
      Encoded e = configJson.get(property);
      if (e == null || e.version() != cfg.version()) {
        e = new Encoded(cfg.version(), PosConfigView.build(catalog, cfg.version(), cfg::table).toBuffer());
        configJson.put(property, e);
      }
      ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(e.json());
    }).onFailure(err -> HttpErrors.fail(ctx, err));
  }

  /** {@code /ws/pos}: a session or device token, as a header or the access_token parameter. */
  private void socket(RoutingContext ctx) {
    String token = PosAuth.token(ctx);
    ctx.request().pause(); // nothing of the upgrade may be read before the token is checked (it may take a moment)
    sites.of(token).compose(site -> site.auth().anyone(token).compose(who -> {
      if (!"websocket".equalsIgnoreCase(ctx.request().getHeader(HttpHeaders.UPGRADE))) {
        return Future.failedFuture(PossyncException.invalid("/ws/pos is a WebSocket: send Upgrade: websocket"));
      }
      java.util.function.Function<PosConfig, Future<Boolean>> allowed =
          who instanceof io.possync.core.auth.DeviceTokens.Claims d
          ? cfg -> Future.succeededFuture(cfg.deviceActive(d.deviceId()))
          : cfg -> site.auth().sessions().alive(cfg, token);
      return ctx.request().toWebSocket().map(ws -> {
        site.sockets().add(ws, allowed);
        return ws;
      });
    })).onFailure(err -> {
      ctx.request().resume();
      HttpErrors.fail(ctx, err);
    });
  }

  private void list(RoutingContext ctx) {
    answer(ctx, () -> site(ctx).compose(site -> actor(site, ctx).compose(a -> {
      String status = ctx.request().getParam("status");
      if (status != null && !status.equals(Check.OPEN) && !status.equals(Check.CLOSED)
          && !status.equals(Check.VOIDED)) {
        throw new ValidationException("status must be open, closed or voided", "status");
      }
      String date = ctx.request().getParam("businessDate");
      java.time.LocalDate businessDate;
      try {
        businessDate = date == null ? null : java.time.LocalDate.parse(date);
      } catch (java.time.format.DateTimeParseException e) {
        throw new ValidationException("businessDate must be a date like 2026-11-26", "businessDate");
      }
      return site.checks().list(status, businessDate);
    })).map(list -> {
      JsonArray a = new JsonArray();
      list.forEach(c -> a.add(c.toJson()));
      return new Answer(200, new JsonObject().put("checks", a));
    }));
  }

  /** The session's employee (for the routes of other controllers on the same API). */
  public Future<Actor> employee(RoutingContext ctx) {
    return site(ctx).compose(site -> actor(site, ctx));
  }

  private static Future<Actor> actor(PosSite site, RoutingContext ctx) {
    return site.auth().employee(ctx);
  }

  /** A check write: the session's employee, the idempotency key and revision of the request, then {@code op}. */
  public void write(RoutingContext ctx, String operation, BiFunction<CheckService, Call, Future<Answer>> op) {
    answer(ctx, () -> site(ctx).compose(site -> actor(site, ctx).compose(actor -> {
      String key = ctx.request().getHeader(IDEMPOTENCY_KEY);
      if (key != null && (key.isEmpty() || key.length() > MAX_KEY || TextRules.problem(key) != null)) {
        throw PossyncException.invalid(IDEMPOTENCY_KEY + " must be a text of 1 to " + MAX_KEY + " characters");
      }
      Integer ifMatch = ifMatch(ctx);
      String id = ctx.pathParam("id") == null ? null : checkId(ctx);
      JsonObject body = ctx.body() == null || ctx.body().length() <= 0 ? new JsonObject() : HttpErrors.jsonBody(ctx);
      return op.apply(site.checks(), new Call(actor, actor.workstationId(), key, ifMatch, id, operation, body));
    })));
  }

  private static Integer ifMatch(RoutingContext ctx) {
    String v = ctx.request().getHeader(HttpHeaders.IF_MATCH);
    if (v == null) {
      return null;
    }
    String s = v.trim();
    if (s.length() > 2 && s.startsWith("\"") && s.endsWith("\"")) {
      s = s.substring(1, s.length() - 1);
    }
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw PossyncException.invalid("If-Match must be a check revision (a whole number)");
    }
  }

  private static String checkId(RoutingContext ctx) {
    return uuidParam(ctx, "id");
  }

  private static String uuidParam(RoutingContext ctx, String name) {
    String v = ctx.pathParam(name);
    if (v == null || !io.possync.core.catalog.RowValidator.isUuid(v)) {
      throw PossyncException.notFound("no " + (name.equals("id") ? "check" : "line") + " " + v);
    }
    return v.toLowerCase(java.util.Locale.ROOT);
  }

  private static void answer(RoutingContext ctx, Supplier<Future<Answer>> work) {
    Future<Answer> f;
    try {
      f = work.get();
    } catch (RuntimeException e) {
      HttpErrors.fail(ctx, e);
      return;
    }
    f.onSuccess(a -> ctx.response().setStatusCode(a.status()).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(a.body().toBuffer())).onFailure(err -> HttpErrors.fail(ctx, err));
  }
}
