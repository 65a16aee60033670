package io.possync.core.kitchen;

import io.possync.core.caps.Check;
import io.possync.core.kitchen.KitchenLines;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A kitchen display ticket (POS-API.md section 5): one send's lines for one display. */
public record KdsTicket(String id, String displayId, String checkId, int checkNumber, String rvcName,
                        String orderType, String tableName, Instant sentAt, List<Check.Line> lines) {

  public KdsTicket {
    lines = List.copyOf(lines);
  }

  /** The same ticket with a line marked void. */
  public KdsTicket voidLine(String lineId) {
    List<Check.Line> ls = new ArrayList<>();
    for (Check.Line l : lines) {
      ls.add(l.id().equals(lineId) ? new Check.Line(l.id(), l.menuItemId(), l.name(), l.kitchenName(),
          l.printClassId(), l.quantity(), l.unitPriceCents(), l.modifiers(), l.taxGroupId(), l.taxRatePercent(),
          Check.VOIDED, l.voidReason()) : l);
    }
    return new KdsTicket(id, displayId, checkId, checkNumber, rvcName, orderType, tableName, sentAt, ls);
  }

  public boolean has(String lineId) {
    return lines.stream().anyMatch(l -> l.id().equals(lineId));
  }

  /** The wire form of the {@code ticket} and {@code snapshot} frames. */
  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("checkId", checkId).put("checkNumber", checkNumber)
        .put("rvcName", rvcName).put("orderType", orderType).put("tableName", tableName)
        .put("sentAt", sentAt.toString()).put(KitchenLines.LINES, KitchenLines.toKds(lines));
  }

  /** The stored form (the wire form plus the display). */
  public JsonObject toStored() {
    return toJson().put("displayId", displayId);
  }

  public static KdsTicket fromStored(JsonObject j) {
    return new KdsTicket(j.getString("id"), j.getString("displayId"), j.getString("checkId"),
        j.getInteger("checkNumber"), j.getString("rvcName"), j.getString("orderType"), j.getString("tableName"),
        Instant.parse(j.getString("sentAt")), KitchenLines.fromKds(j.getJsonArray(KitchenLines.LINES)));
  }
}
