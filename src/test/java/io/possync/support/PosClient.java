package io.possync.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.possync.core.caps.PosConfig;
import io.possync.core.catalog.Catalog;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The workstation API of one side (a host's LAN port or a cloud node) as a workstation calls it: plain HTTP with a
 * bearer token, and the POS config read back into the check logic's view so a test rings what the config allows.
 */
public final class PosClient {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
      .version(HttpClient.Version.HTTP_1_1).build();

  private final String base;

  /** @param base like {@code http://127.0.0.1:8081} */
  public PosClient(String base) {
    this.base = base;
  }

  public HttpResponse<String> call(String method, String path, String token, JsonObject body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The body of a 2xx answer (fails the test on any other). */
  public JsonObject ok(String method, String path, String token, JsonObject body, String... headers) {
    HttpResponse<String> r = call(method, path, token, body, headers);
    assertTrue(r.statusCode() < 300, method + " " + base + path + ": " + r.statusCode() + " " + r.body());
    return r.body().isEmpty() ? new JsonObject() : new JsonObject(r.body());
  }

  /** Signs in with a device token; the PIN of the test data is the number's last four digits. */
  public String signIn(String deviceToken, String employeeNumber) {
    return ok("POST", "/api/pos/sessions", deviceToken, new JsonObject().put("employeeNumber", employeeNumber)
        .put("pin", employeeNumber.substring(employeeNumber.length() - 4))).getString("sessionToken");
  }

  /** The check logic's view of the configuration a workstation reads here. */
  public PosConfig config(String token) {
    JsonObject c = ok("GET", "/api/pos/config", token, null);
    Map<String, Map<String, JsonObject>> tables = Catalog.get().tables(c);
    return new PosConfig(c.getInteger("version"), t -> tables.getOrDefault(t, Map.of()));
  }

  public JsonObject check(String token, String id) {
    return ok("GET", "/api/pos/checks/" + id, token, null);
  }

  /** A line of the n-th active item (by id) that can be rung, with its modifiers chosen within each minimum. */
  public static JsonObject line(PosConfig cfg, int n) {
    int seen = 0;
    for (String item : cfg.table("menu_items").keySet().stream().sorted().toList()) {
      if (!cfg.menuItem(item).map(PosConfig.MenuItem::active).orElse(false)) {
        continue;
      }
      JsonArray mods = new JsonArray();
      boolean possible = true;
      for (PosConfig.ModifierGroupOf g : cfg.modifierGroupsOf(item)) {
        List<String> active = g.modifierIds().stream()
            .filter(m -> cfg.modifier(m).map(PosConfig.Modifier::active).orElse(false)).toList();
        possible &= active.size() >= g.group().minSelect();
        active.subList(0, Math.min(active.size(), g.group().minSelect())).forEach(mods::add);
      }
      if (possible && seen++ == n) {
        return new JsonObject().put("menuItemId", item).put("modifierIds", mods);
      }
    }
    throw new AssertionError("no item " + n + " can be rung");
  }

  /** The id of the first active row of a table (by id) that {@code also} accepts. */
  public static String firstActive(PosConfig cfg, String table, Predicate<JsonObject> also) {
    return cfg.table(table).values().stream().filter(r -> r.getBoolean("active", true)).filter(also)
        .map(r -> r.getString("id")).sorted().findFirst().orElseThrow();
  }
}
