package io.possync.cloud.admin;

import io.possync.cloud.store.ServiceHostRegistry;
import io.possync.cloud.push.PushHubVerticle;
import io.possync.core.crypto.Tokens;
import io.possync.core.http.HttpErrors;
import io.possync.core.error.ErrorCode;
import io.possync.core.error.PossyncException;
import io.possync.core.wire.PushEvent;
import io.possync.core.wire.Wire;
import io.possync.cloud.sync.HostAuth;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.security.MessageDigest;
import java.util.UUID;

/**
 * The EMC admin API (DESIGN.md section 6), behind the admin bearer token. {@code {type}} is a table name of the
 * catalog. Writes may name the employee making them in {@code X-Changed-By}; it is recorded as changed_by.
 */
public final class AdminRoutes {

  public static final String CHANGED_BY_HEADER = "X-Changed-By";
  /** Every admin route is under this path. */
  public static final String PATHS = "/api/admin/*";
  private static final String TOKEN = "token";

  private final Pool pool;
  private final byte[] adminTokenHash;
  private final EntityStore entities;
  private final HostDirectory hosts;
  private final ServiceHostRegistry registry = new ServiceHostRegistry();
  private final HostAuth auth;

  /** @param adminToken null disables the admin API (every call answers 403 saying so) */
  public AdminRoutes(Pool pool, String adminToken, EntityStore entities, HostDirectory hosts, HostAuth auth) {
    this.pool = pool;
    this.auth = auth;
    this.adminTokenHash = adminToken == null ? null : Tokens.sha256(adminToken);
    this.entities = entities;
    this.hosts = hosts;
  }

  /** Mounts the routes; the caller mounts {@link #authorize} on {@link #PATHS} first (before reading bodies). */
  public void mount(Router router) {
    router.get("/api/admin/service-hosts").handler(this::listHosts);
    router.post("/api/admin/service-hosts").handler(this::registerHost);
    router.post("/api/admin/service-hosts/:hostId/rotate-token").handler(this::rotate);
    router.post("/api/admin/properties/:propertyId/sync-request").handler(this::syncRequest);
    new io.possync.cloud.pos.PosAdminRoutes(pool, java.time.Clock.systemUTC()).mount(router); // before /:type
    router.get("/api/admin/properties/:propertyId/:type").handler(this::list);
    router.get("/api/admin/properties/:propertyId/:type/:id").handler(this::get);
    router.put("/api/admin/properties/:propertyId/:type/:id").handler(this::put);
    router.delete("/api/admin/properties/:propertyId/:type/:id").handler(this::delete);
  }

  /** Lets the request on only with the admin bearer token (401), and only while the admin API is on (403). */
  public void authorize(RoutingContext ctx) {
    if (adminTokenHash == null) {
      HttpErrors.send(ctx.response(), new PossyncException(ErrorCode.ADMIN_DISABLED, "the admin API is off: set adminToken in the cloud conf "
          + "or POSSYNC_ADMIN_TOKEN"));
      return;
    }
    String token = io.possync.core.http.Bearer.of(ctx.request());
    if (token == null || !MessageDigest.isEqual(Tokens.sha256(token), adminTokenHash)) {
      HttpErrors.send(ctx.response(), PossyncException.unauthorized("the admin bearer token is required"));
      return;
    }
    ctx.next();
  }

  private static UUID uuid(RoutingContext ctx, String param) {
    String v = ctx.pathParam(param) != null ? ctx.pathParam(param) : ctx.request().getParam(param);
    if (v == null) {
      throw PossyncException.invalid(param + " is required");
    }
    try {
      return UUID.fromString(v);
    } catch (IllegalArgumentException e) {
      throw PossyncException.invalid(param + " must be a UUID");
    }
  }

  private static UUID changedBy(RoutingContext ctx) {
    String v = ctx.request().getHeader(CHANGED_BY_HEADER);
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      return UUID.fromString(v.trim());
    } catch (IllegalArgumentException e) {
      throw PossyncException.invalid(CHANGED_BY_HEADER + " must be an employee id (UUID)");
    }
  }

  /** Runs a handler body, turning what it throws or fails with into the JSON error answer. */
  private static <T> void answer(RoutingContext ctx, int status, java.util.function.Supplier<Future<T>> work) {
    Future<T> f;
    try {
      f = work.get();
    } catch (RuntimeException e) {
      HttpErrors.fail(ctx, e);
      return;
    }
    f.onSuccess(v -> {
      ctx.response().setStatusCode(status);
      if (v == null) {
        ctx.response().end();
      } else {
        ctx.json(v);
      }
    }).onFailure(err -> HttpErrors.fail(ctx, err));
  }

  private void list(RoutingContext ctx) {
    answer(ctx, 200, () -> entities.list(pool, uuid(ctx, "propertyId"), ctx.pathParam("type")));
  }

  private void get(RoutingContext ctx) {
    answer(ctx, 200, () -> entities.get(pool, uuid(ctx, "propertyId"), ctx.pathParam("type"), uuid(ctx, "id")));
  }

  private void put(RoutingContext ctx) {
    answer(ctx, 200, () -> entities.upsert(pool, uuid(ctx, "propertyId"), ctx.pathParam("type"), uuid(ctx, "id"),
            HttpErrors.jsonBody(ctx), changedBy(ctx))
        .map(w -> new JsonObject().put("version", w.version()).put("data", w.row())));
  }

  private void delete(RoutingContext ctx) {
    answer(ctx, 200, () -> entities.delete(pool, uuid(ctx, "propertyId"), ctx.pathParam("type"), uuid(ctx, "id"),
            changedBy(ctx))
        .map(v -> new JsonObject().put("version", v)));
  }

  /** Tells every host of the property, through every cloud node, to full-sync ({@code sync:required}). */
  private void syncRequest(RoutingContext ctx) {
    answer(ctx, 202, () -> {
      UUID property = uuid(ctx, "propertyId");
      return pool.preparedQuery("SELECT version FROM property_versions WHERE property_id = $1")
          .execute(Tuple.of(property))
          .compose(rows -> {
            if (rows.size() == 0) {
              return Future.failedFuture(PossyncException.notFound("no property " + property));
            }
            int v = rows.iterator().next().getInteger(0);
            String event = new PushEvent(PushEvent.SYNC_REQUIRED, property, v).toJson().encode();
            return pool.preparedQuery("SELECT pg_notify($1, $2)").execute(Tuple.of(PushHubVerticle.PUSH_CHANNEL, event))
                .map(x -> new JsonObject().put("propertyId", property.toString()).put("version", v)
                    .put("event", PushEvent.SYNC_REQUIRED));
          });
    });
  }

  private void registerHost(RoutingContext ctx) {
    answer(ctx, 201, () -> {
      JsonObject body = HttpErrors.jsonBody(ctx);
      UUID property = io.possync.core.catalog.ValueRules.uuid("propertyId", body.getValue("propertyId"));
      String name = io.possync.core.catalog.ValueRules.checkName("name", body.getValue("name"));
      return registry.register(pool, property, name)
          .map(r -> new JsonObject().put(Wire.SERVICE_HOST_ID, r.serviceHostId().toString()).put(TOKEN, r.token()));
    });
  }

  private void rotate(RoutingContext ctx) {
    answer(ctx, 200, () -> {
      UUID host = uuid(ctx, "hostId");
      return registry.rotate(pool, host)
          .onSuccess(t -> {
            auth.forget(host); // this node's cache, before the answer; the notification tells the others
            HostAuth.announce(ctx.vertx().eventBus(), host);
          })
          .map(t -> new JsonObject().put(Wire.SERVICE_HOST_ID, host.toString()).put(TOKEN, t));
    });
  }

  private void listHosts(RoutingContext ctx) {
    answer(ctx, 200, () -> hosts.list(pool, uuid(ctx, "propertyId")));
  }
}
