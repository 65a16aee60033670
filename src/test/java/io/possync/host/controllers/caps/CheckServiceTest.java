package io.possync.host.controllers.caps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import io.possync.core.caps.Actor;
import io.possync.core.caps.CheckService;
import io.possync.core.caps.CheckService.Answer;
import io.possync.core.caps.CheckService.Call;
import io.possync.core.caps.PosConfig;
import io.possync.core.error.ErrorCode;
import io.possync.core.error.PossyncException;
import io.possync.host.cache.LocalCache;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The check service over the real SQLite store: idempotency keys, If-Match, calls racing on one check. */
class CheckServiceTest {

  static final String DINING = "00000000-0000-0000-0000-00000000d001";
  static final String BURGER = "00000000-0000-0000-0000-00000000b001";
  static final String RARE = "00000000-0000-0000-0000-00000000a101";

  Vertx vertx;
  LocalCache cache;
  CheckService service;
  SqliteCheckStore store;
  final Actor server = new Actor("emp", Set.of(), "ws");

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    cache = LocalCache.open(vertx, Files.createTempDirectory("possync-svc").resolve("cache.db"), "t").await();
    store = SqliteCheckStore.open(vertx, cache, Clock.systemUTC(), 1).await();
    Map<String, Map<String, JsonObject>> tables = io.possync.core.caps.CheckRulesTestTables.tables(1299);
    service = new CheckService(store, () -> new PosConfig(1, k -> tables.getOrDefault(k, Map.of())),
        Clock.systemUTC());
  }

  @AfterEach
  void tearDown() {
    store.close().await();
    cache.close().await();
    vertx.close().await();
  }

  Call call(String key, Integer ifMatch, String checkId, String op, JsonObject body) {
    return new Call(server, "ws-1", key, ifMatch, checkId, op, body);
  }

  String open() {
    return service.open(call(null, null, null, "open", new JsonObject().put("rvcId", DINING).put("guestCount", 2)))
        .await().body().getString("id");
  }

  JsonObject burger() {
    return new JsonObject().put("menuItemId", BURGER).put("modifierIds", new JsonArray().add(RARE));
  }

  static PossyncException failure(Future<?> f) {
    try {
      f.await();
    } catch (PossyncException e) {
      return e;
    }
    return fail("expected a failure");
  }

  @Test
  void aRepeatedIdempotencyKeyAnswersTheFirstAnswerAndChangesNothing() {
    String id = open();
    Answer first = service.addLine(call("k-1", null, id, "lines", burger())).await();
    Answer again = service.addLine(call("k-1", null, id, "lines", burger())).await();
    assertEquals(first.status(), again.status());
    assertEquals(first.body(), again.body());
    assertEquals(false, first.replayed());
    assertEquals(true, again.replayed(), "a repeat is told apart: nothing happened now");
    assertEquals(1, service.get(id).await().lines().size());
  }

  @Test
  void theSameKeyWithAnotherBodyIs422() {
    String id = open();
    service.addLine(call("k-2", null, id, "lines", burger())).await();
    assertEquals(ErrorCode.IDEMPOTENCY_KEY_REUSED,
        failure(service.addLine(call("k-2", null, id, "lines", burger().put("quantity", 2)))).code());
  }

  @Test
  void ifMatchOfAnotherRevisionIs412AndChangesNothing() {
    String id = open();
    assertEquals(ErrorCode.REVISION_MISMATCH, failure(service.addLine(call(null, 7, id, "lines", burger()))).code());
    assertEquals(1, service.get(id).await().revision());
    assertEquals(2, service.addLine(call(null, 1, id, "lines", burger())).await().body().getInteger("revision"));
  }

  @Test
  void callsRacingOnOneCheckAllLand() {
    String id = open();
    List<Future<Answer>> all = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      all.add(service.addLine(call(null, null, id, "lines", burger())));
    }
    all.forEach(f -> f.await());
    assertEquals(20, service.get(id).await().lines().size());
    assertEquals(21, service.get(id).await().revision());
  }

  @Test
  void anUnknownCheckIs404() {
    assertInstanceOf(PossyncException.class, failure(service.send(call(null, null,
        "00000000-0000-0000-0000-000000000000", "send", new JsonObject()))));
  }

  @Test
  void theSameRequestWithItsFieldsInAnotherOrderIsARepeat() {
    String id = open();
    JsonObject a = new JsonObject().put("menuItemId", BURGER).put("modifierIds", new JsonArray().add(RARE));
    JsonObject b = new JsonObject().put("modifierIds", new JsonArray().add(RARE)).put("menuItemId", BURGER);
    Answer first = service.addLine(call("k-order", null, id, "lines", a)).await();
    Answer again = service.addLine(call("k-order", null, id, "lines", b)).await();
    assertEquals(true, again.replayed());
    assertEquals(first.body(), again.body());
  }
}
