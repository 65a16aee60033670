package io.possync.host.controllers.print;

import io.possync.core.caps.Check;
import io.possync.core.kitchen.KitchenLines;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * One printout waiting for its printer: a kitchen chit (or VOID chit) of one send for one printer, or a receipt.
 * It carries what it prints, not a rendering, so the backup printer renders it for its own width with the
 * {@code BACKUP FOR} line.
 */
public record PrintJob(String id, String kind, String printerId, String checkId, int checkNumber, String rvcName,
                       String orderType, String tableName, String serverName, Instant sentAt, List<Check.Line> lines,
                       JsonObject receipt) {

  public static final String CHIT = "chit";
  public static final String VOID_CHIT = "void";
  public static final String RECEIPT = "receipt";
  /** Opens the cash drawer of the receipt printer; prints nothing. */
  public static final String DRAWER = "drawer";

  public PrintJob {
    lines = List.copyOf(lines);
  }

  /** The printout for a printer of {@code width} columns, standing in for {@code backupFor} when not null. */
  public io.vertx.core.buffer.Buffer render(int width, String backupFor, ZoneId zone, String propertyName) {
    Printouts.ChitHeader h = new Printouts.ChitHeader(checkNumber, rvcName, orderType, tableName, serverName,
        sentAt.atZone(zone), id);
    if (DRAWER.equals(kind)) {
      return io.vertx.core.buffer.Buffer.buffer().appendBytes(EscPos.INIT).appendBytes(EscPos.DRAWER_KICK);
    }
    if (RECEIPT.equals(kind)) {
      return Printouts.receipt(width, propertyName, h, Check.fromJson(receipt.getJsonObject("check")),
          receipt.getBoolean("kickDrawer", false));
    }
    return Printouts.chit(width, h, lines, backupFor, VOID_CHIT.equals(kind));
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("kind", kind).put("printerId", printerId).put("checkId", checkId)
        .put("checkNumber", checkNumber).put("rvcName", rvcName).put("orderType", orderType)
        .put("tableName", tableName).put("serverName", serverName).put("sentAt", sentAt.toString())
        .put(KitchenLines.LINES, KitchenLines.toJson(lines)).put("receipt", receipt);
  }

  public static PrintJob fromJson(JsonObject j) {
    return new PrintJob(j.getString("id"), j.getString("kind"), j.getString("printerId"), j.getString("checkId"),
        j.getInteger("checkNumber"), j.getString("rvcName"), j.getString("orderType"), j.getString("tableName"),
        j.getString("serverName"), Instant.parse(j.getString("sentAt")),
        KitchenLines.fromJson(j.getJsonArray(KitchenLines.LINES)), j.getJsonObject("receipt"));
  }

  /** The list form of {@code GET /api/pos/print-jobs}: what waits, without check content. */
  public JsonObject summary(String status, int attempts, Instant nextAttemptAt, String printedBy) {
    return new JsonObject().put("id", id).put("kind", kind).put("printerId", printerId).put("checkId", checkId)
        .put("checkNumber", checkNumber).put("status", status).put("attempts", attempts)
        .put("nextAttemptAt", nextAttemptAt == null ? null : nextAttemptAt.toString()).put("printedBy", printedBy);
  }
}
