package io.possync.host.cache;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The changes of a delta, folded to what each row ends as. Changes come in version order, and in commit order within
 * a version; the last change of a row wins, whatever the operations before it (an update then a delete leaves the
 * row deleted; a delete then an insert leaves it present). The cache, the config snapshot and the reference check
 * all work on this one folded list, so they cannot disagree on the order.
 */
public final class ChangeFold {

  private ChangeFold() {
  }

  /** One change: {@code data} is null for a delete. */
  public record Change(String table, String id, JsonObject data) {

    public boolean isDelete() {
      return data == null;
    }
  }

  /** Each row's last change (rows grouped by table, in the order they were first changed). */
  public static List<Change> fold(List<Change> inOrder) {
    Map<String, Map<String, Change>> last = new LinkedHashMap<>();
    for (Change c : inOrder) {
      Map<String, Change> rows = last.computeIfAbsent(c.table(), k -> new LinkedHashMap<>());
      rows.put(c.id(), c);
    }
    List<Change> out = new ArrayList<>(inOrder.size());
    for (Map<String, Change> rows : last.values()) {
      out.addAll(rows.values());
    }
    return out;
  }
}
