package io.possync.core.kitchen;

import io.possync.core.caps.Check;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the kitchen must hear about a check write: lines sent, or sent lines voided. It is written in the same
 * transaction as the check (an outbox), so a send that was answered reaches the kitchen even across a crash; the
 * print and KDS controllers take it from there.
 */
public record KitchenEvent(String id, String kind, String checkId, int checkNumber, String rvcId, String orderType,
                           String tableName, String employeeId, Instant at, List<Check.Line> lines) {

  public static final String SEND = "send";
  public static final String VOID = "void";

  public KitchenEvent {
    lines = List.copyOf(lines);
  }

  /** The events a write from {@code before} to {@code after} makes: a send, a void, both or none. */
  public static List<KitchenEvent> between(Check before, Check after, Instant at, java.util.function.Supplier<String> ids) {
    Map<String, String> was = new java.util.HashMap<>();
    if (before != null) {
      before.lines().forEach(l -> was.put(l.id(), l.status()));
    }
    List<Check.Line> sent = new ArrayList<>();
    List<Check.Line> voided = new ArrayList<>();
    for (Check.Line l : after.lines()) {
      String old = was.get(l.id());
      if (Check.SENT.equals(l.status()) && !Check.SENT.equals(old)) {
        sent.add(l);
      } else if (l.voided() && Check.SENT.equals(old)) {
        voided.add(l);
      }
    }
    List<KitchenEvent> out = new ArrayList<>();
    if (!sent.isEmpty()) {
      out.add(of(ids.get(), SEND, after, at, sent));
    }
    if (!voided.isEmpty()) {
      out.add(of(ids.get(), VOID, after, at, voided));
    }
    return out;
  }

  private static KitchenEvent of(String id, String kind, Check c, Instant at, List<Check.Line> lines) {
    return new KitchenEvent(id, kind, c.id(), c.number(), c.rvcId(), c.orderType(), c.tableName(), c.employeeId(),
        at, lines);
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("kind", kind).put("checkId", checkId).put("checkNumber", checkNumber)
        .put("rvcId", rvcId).put("orderType", orderType).put("tableName", tableName).put("employeeId", employeeId)
        .put("at", at.toString()).put(KitchenLines.LINES, KitchenLines.toJson(lines));
  }

  public static KitchenEvent fromJson(JsonObject j) {
    return new KitchenEvent(j.getString("id"), j.getString("kind"), j.getString("checkId"), j.getInteger("checkNumber"),
        j.getString("rvcId"), j.getString("orderType"), j.getString("tableName"), j.getString("employeeId"),
        Instant.parse(j.getString("at")), KitchenLines.fromJson(j.getJsonArray(KitchenLines.LINES)));
  }
}
