package io.possync.support;

import io.possync.cloud.CloudRuntime;
import io.possync.cloud.store.PropertyImport;
import io.possync.cloud.store.ServiceHostRegistry;
import io.possync.core.catalog.Catalog;
import io.possync.core.config.CloudConfig;
import io.possync.testdata.PropertyGenerator;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** A real cloud node on loopback over a test class's own database, and helpers to talk to it as a host would. */
public final class TestCloud implements AutoCloseable {

  public static final String ADMIN_TOKEN = "test-admin-token";

  public final PgConnectOptions db;
  public final CloudRuntime cloud;
  public final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private boolean ownsDatabase;

  private TestCloud(PgConnectOptions db, CloudRuntime cloud) {
    this.db = db;
    this.cloud = cloud;
  }

  /** A node on a new database; {@code extra} conf settings override the defaults. */
  public static TestCloud start(Class<?> owner, JsonObject extra) {
    TestCloud c = on(TestPostgres.newDatabase(owner.getSimpleName()), extra);
    c.ownsDatabase = true;
    return c;
  }

  /** Another node on an existing database (which the node that made it drops). */
  public static TestCloud on(PgConnectOptions db, JsonObject extra) {
    try {
      JsonObject conf = new JsonObject().put("host", "127.0.0.1").put("httpPort", 0).put("adminToken", ADMIN_TOKEN)
          .put("httpInstances", 2).put("postgres", new JsonObject().put("uri", TestPostgres.uri(db)).put("poolSize", 4))
          .mergeIn(extra == null ? new JsonObject() : extra, true);
      Path f = Files.createTempFile("possync-cloud", ".json");
      Files.writeString(f, conf.encode());
      CloudConfig config = CloudConfig.load(f, Map.of());
      Files.delete(f);
      return new TestCloud(db, CloudRuntime.start(config));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public Pool pool() {
    return cloud.db().pool();
  }

  public Connection jdbc() throws SQLException {
    return TestPostgres.jdbc(db);
  }

  /** Runs SQL over JDBC, as a DBA's psql would: a plain-SQL edit. */
  public void sql(String statement) {
    try (Connection c = jdbc(); java.sql.Statement st = c.createStatement()) {
      st.execute(statement);
    } catch (SQLException e) {
      throw new IllegalStateException(statement + ": " + e.getMessage(), e);
    }
  }

  public String base() {
    return "http://127.0.0.1:" + cloud.httpPort();
  }

  /** Imports a generated property (fast bcrypt) and returns its file. */
  public JsonObject importProperty(String name) {
    JsonObject f = new PropertyGenerator(name, new PropertyGenerator.Size(40, 20, 6, 60, 8, 4, 4)).generate();
    new PropertyImport(Catalog.get()).run(pool(), f, null).await();
    return f;
  }

  public static UUID propertyId(JsonObject file) {
    return UUID.fromString(file.getJsonObject("property").getString("id"));
  }

  /** Registers a host; returns {serviceHostId, token}. */
  public ServiceHostRegistry.Registration register(UUID property, String name) {
    return new ServiceHostRegistry().register(pool(), property, name).await();
  }

  public HttpResponse<String> get(String path, String token, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<byte[]> getBytes(String path, String token, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return send(b.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  public HttpResponse<String> send(String method, String path, String token, String body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> admin(String method, String path, JsonObject body, String... headers) {
    return send(method, path, ADMIN_TOKEN, body == null ? null : body.encode(), headers);
  }

  private <T> HttpResponse<T> send(HttpRequest req, HttpResponse.BodyHandler<T> handler) {
    try {
      return http.send(req, handler);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public int version(UUID property) {
    return pool().query("SELECT version FROM property_versions WHERE property_id = '" + property + "'").execute()
        .await().iterator().next().getInteger(0);
  }

  /** Stops the node and keeps its database (the cloud "goes down"). */
  public void stopNode() {
    cloud.close();
  }

  /** Stops the node; the node that made the database also drops it. */
  @Override
  public void close() {
    cloud.close();
    if (ownsDatabase) {
      TestPostgres.dropDatabase(db);
    }
  }

  /** For a test that stops a node and starts another on the same database: the new one drops it at the end. */
  public TestCloud takeDatabaseFrom(TestCloud previous) {
    ownsDatabase = previous.ownsDatabase;
    previous.ownsDatabase = false;
    return this;
  }
}
