package io.possync.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.possync.core.catalog.Catalog;
import io.possync.core.wire.ApplyRequest;
import io.possync.host.cache.CacheWriter;
import io.possync.host.cache.LocalCache;
import io.possync.host.config.ConfigSnapshot;
import io.possync.testdata.PropertyGenerator;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A delta whose changes touch one row several times, applied to a real cache file: the file ends as memory does. */
class DeltaApplierTest {

  @TempDir
  Path dir;

  static JsonObject change(int version, String op, String id, JsonObject data) {
    return new JsonObject().put("id", UUID.randomUUID().toString()).put("version", version)
        .put("entityType", "tenders").put("entityId", id).put("operation", op).put("data", data);
  }

  @Test
  void aRowChangedSeveralTimesInOneDeltaEndsAsItsLastChangeInTheFileAndInMemory() {
    JsonObject payload = new PropertyGenerator("Fold Fish", new PropertyGenerator.Size(10, 5, 2, 10, 3, 2, 4))
        .generate();
    UUID property = UUID.fromString(payload.getJsonObject("property").getString("id"));
    String epoch = UUID.randomUUID().toString();
    payload.put("version", 5).put("epoch", epoch).put("propertyId", property.toString())
        .put("timestamp", Instant.now().toString());
    JsonArray tenders = payload.getJsonArray("tenders");
    JsonObject a = tenders.getJsonObject(0);
    JsonObject b = tenders.getJsonObject(1);
    String fresh = UUID.randomUUID().toString();
    JsonArray changes = new JsonArray()
        .add(change(6, "UPDATE", a.getString("id"), a.copy().put("name", "Renamed")))    // update, then delete
        .add(change(6, "DELETE", b.getString("id"), null))                                // delete, then insert
        .add(change(6, "INSERT", fresh, b.copy().put("id", fresh)))                       // insert, then delete
        .add(change(7, "DELETE", a.getString("id"), null))
        .add(change(7, "INSERT", b.getString("id"), b.copy().put("name", "Back again")))
        .add(change(7, "DELETE", fresh, null));
    JsonObject delta = new JsonObject().put("fromVersion", 5).put("toVersion", 7).put("propertyId", property.toString())
        .put("epoch", epoch).put("timestamp", Instant.now().toString()).put("changes", changes);

    Vertx vertx = Vertx.vertx();
    try {
      LocalCache cache = LocalCache.open(vertx, dir.resolve("cache.db"), "token").await();
      CacheWriter writer = new CacheWriter(vertx, Catalog.get(), cache, property);
      ConfigSnapshot full = writer.applyFull(payload, Instant.now()).await();
      ConfigSnapshot after = writer.apply(ApplyRequest.delta(delta), full, Instant.now()).await();
      ConfigSnapshot reopened = writer.load().await();
      cache.close().await();

      for (ConfigSnapshot s : new ConfigSnapshot[] {after, reopened}) {
        String which = s == after ? "in memory" : "in the file";
        assertEquals(7, s.version(), which);
        assertFalse(s.row("tenders", a.getString("id")).isPresent(), "updated then deleted: gone " + which);
        assertFalse(s.row("tenders", fresh).isPresent(), "inserted then deleted: gone " + which);
        assertTrue(s.row("tenders", b.getString("id")).isPresent(), "deleted then inserted: there " + which);
        assertEquals("Back again", s.row("tenders", b.getString("id")).get().getString("name"), which);
      }
      assertEquals(after.tables(), reopened.tables(), "the file holds what memory holds");
    } finally {
      vertx.close().await();
    }
  }
}
