package io.possync.core.kitchen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.possync.core.caps.Check;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one conversion of kitchen lines: stored and KDS forms round-trip; an older stored form still reads. */
class KitchenLinesTest {

  final Check.Line line = new Check.Line("l1", null, "Burger", "BRGR", "pc", 2, 0,
      List.of(new Check.LineModifier("m1", "Rare", "RARE", 0)), null, null, Check.SENT, null);

  @Test
  void theStoredFormRoundTrips() {
    JsonArray stored = new JsonArray(KitchenLines.toJson(List.of(line)).encode());
    assertEquals(List.of(line), KitchenLines.fromJson(stored));
  }

  @Test
  void theKdsFormNamesTheKitchenNameAndRoundTrips() {
    JsonObject wire = KitchenLines.toKds(List.of(line)).getJsonObject(0);
    assertEquals(new JsonObject().put("lineId", "l1").put("name", "BRGR").put("quantity", 2)
        .put("modifiers", new JsonArray().add("RARE")).put("status", Check.SENT), wire);
    Check.Line back = KitchenLines.fromKds(new JsonArray().add(wire)).get(0);
    assertEquals("BRGR", back.kitchenName());
    assertEquals("RARE", back.modifiers().get(0).kitchenName());
  }

  @Test
  void aPrintJobStoredBeforeTheSharedFormStillReads() {
    // what PrintJob wrote before: no printClassId, status or modifierId
    JsonArray old = new JsonArray().add(new JsonObject().put("lineId", "l1").put("name", "Burger")
        .put("kitchenName", "BRGR").put("quantity", 2).put("modifiers", new JsonArray()
            .add(new JsonObject().put("name", "Rare").put("kitchenName", "RARE"))));
    Check.Line l = KitchenLines.fromJson(old).get(0);
    assertEquals("BRGR", l.kitchenName());
    assertEquals(2, l.quantity());
    assertEquals("RARE", l.modifiers().get(0).kitchenName());
    assertNull(l.status());
    assertNull(l.modifiers().get(0).modifierId());
  }
}
