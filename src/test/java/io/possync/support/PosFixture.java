package io.possync.support;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.possync.core.auth.DeviceTokens;
import io.possync.core.caps.PosConfig;
import io.possync.core.catalog.Catalog;
import io.possync.core.http.HttpErrors;
import io.possync.host.cache.LocalCache;
import io.possync.host.config.ConfigSnapshot;
import io.possync.host.controllers.PosControllers;
import io.possync.testdata.PropertyGenerator;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The host's service controllers on a real HTTP server and a real cache file, over a generated property's
 * configuration with a device signing key, without a cloud: for controller tests and the CAPS benchmark. The
 * configuration can be changed in place (a new version) as a sync would.
 */
public final class PosFixture implements AutoCloseable {

  public final Vertx vertx = Vertx.vertx();
  /**
   * One WebSocket client for the test's sockets, kept here: Vert.x closes a client nobody references any more (a
   * Cleaner), and with it a handshake under way.
   */
  public final io.vertx.core.http.WebSocketClient sockets = vertx.createWebSocketClient();
  public final Catalog catalog = Catalog.get();
  public final PropertyGenerator generator;
  public final String propertyId;
  public final DeviceTokens.SigningKey key = DeviceTokens.newKey();
  public final Path file;
  private final Map<String, Map<String, JsonObject>> tables = new HashMap<>();
  private volatile ConfigSnapshot snapshot;
  private LocalCache cache;
  private PosControllers pos;
  private HttpServer server;
  private WebClient http;

  public PosFixture(int workstations) throws Exception {
    generator = new PropertyGenerator("Fixture Grill", new PropertyGenerator.Size(168, 84, 21, 260, 24, workstations, 4));
    JsonObject payload = generator.generate();
    propertyId = generator.propertyId().toString();
    tables.putAll(catalog.tables(payload));
    tables.put(PosConfig.DEVICE_KEYS, new HashMap<>(Map.of(key.keyId(), new JsonObject().put("id", key.keyId())
        .put("propertyId", propertyId).put("publicKey", key.publicPem()).put("active", true))));
    file = Files.createTempDirectory("possync-pos").resolve("cache.db");
    publish(1);
  }

  /** Rows of a table by id; change them, then {@link #publish} a new version. */
  public Map<String, JsonObject> table(String table) {
    return tables.computeIfAbsent(table, k -> new HashMap<>());
  }

  /** Makes the tables as they are now the configuration in force, at {@code version}. */
  public void publish(int version) {
    Map<String, Map<String, JsonObject>> copy = new HashMap<>();
    tables.forEach((k, v) -> {
      Map<String, JsonObject> rows = new HashMap<>();
      v.forEach((id, row) -> rows.put(id, row.copy()));
      copy.put(k, rows);
    });
    snapshot = new ConfigSnapshot(generator.propertyId(), version, "fixture", Instant.now(), Instant.now(), copy);
    if (pos != null) {
      pos.configApplied();
    }
  }

  public PosConfig config() {
    ConfigSnapshot s = snapshot;
    return new PosConfig(s.version(), s::table);
  }

  /** Starts the controllers and the server (again, after {@link #stop}, on the same file: a restart). */
  public PosFixture start() {
    cache = LocalCache.open(vertx, file, "fixture-token").await();
    pos = PosControllers.start(vertx, cache, catalog, propertyId, () -> snapshot, Clock.systemUTC(),
        new SimpleMeterRegistry(), io.possync.host.controllers.payment.Vault.NONE).await();
    Router router = Router.router(vertx);
    pos.mount(router);
    HttpErrors.install(router);
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    http = WebClient.wrap(vertx.createHttpClient(new io.vertx.core.http.HttpClientOptions()
        .setDefaultHost("127.0.0.1").setDefaultPort(server.actualPort()), new io.vertx.core.http.PoolOptions()
        .setHttp1MaxSize(64)));
    return this;
  }

  /** The running host's cache file (for tests that inspect or disturb it). */
  public LocalCache cache() {
    return cache;
  }

  public void stop() {
    pos.stop().await();
    server.close().await();
    cache.close().await();
    pos = null;
  }

  public int port() {
    return server.actualPort();
  }

  public WebClient http() {
    return http;
  }

  public String deviceToken(String deviceId, String type) {
    return DeviceTokens.issue(vertx, key, propertyId, deviceId, type, Instant.now().plusSeconds(3600), Instant.now());
  }

  public List<String> ids(String table) {
    return table(table).keySet().stream().sorted().toList();
  }

  /** Signs in the employee of this number (PIN: its last four digits) on a workstation; the session token. */
  public String signIn(String workstationId, String employeeNumber) {
    JsonObject s = http.post("/api/pos/sessions").bearerTokenAuthentication(deviceToken(workstationId,
            DeviceTokens.WORKSTATION))
        .sendJsonObject(new JsonObject().put("employeeNumber", employeeNumber)
            .put("pin", employeeNumber.substring(employeeNumber.length() - 4))).await().bodyAsJsonObject();
    if (s.getString("sessionToken") == null) {
      throw new IllegalStateException("sign-in failed: " + s);
    }
    return s.getString("sessionToken");
  }

  /** An employee number of an active employee whose role holds this privilege (any role when null). */
  public String employeeWith(String privilege) {
    return table("employees").values().stream().filter(e -> e.getBoolean("active"))
        .filter(e -> privilege == null || config().privileges(e.getString("roleId")).contains(privilege))
        .map(e -> e.getString("employeeNumber")).sorted().findFirst()
        .orElseThrow(() -> new IllegalStateException("no employee with " + privilege));
  }

  @Override
  public void close() {
    if (pos != null) {
      stop();
    }
    vertx.close().await();
  }

  /** A line body for this menu item with the fewest modifiers its groups allow; null when no choice fits. */
  public JsonObject line(String menuItemId) {
    PosConfig cfg = config();
    JsonArray mods = new JsonArray();
    for (PosConfig.ModifierGroupOf g : cfg.modifierGroupsOf(menuItemId)) {
      List<String> active = g.modifierIds().stream()
          .filter(m -> cfg.modifier(m).map(PosConfig.Modifier::active).orElse(false)).toList();
      int n = Math.max(g.group().minSelect(), Math.min(1, g.group().maxSelect()));
      if (active.size() < n) {
        return null;
      }
      active.subList(0, n).forEach(mods::add);
    }
    return new JsonObject().put("menuItemId", menuItemId).put("modifierIds", mods);
  }

  public static String newId() {
    return UUID.randomUUID().toString();
  }
}
