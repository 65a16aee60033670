package io.possync.core.wire;

import io.possync.core.caps.AuditEntry;
import io.possync.core.caps.Check;
import io.possync.core.caps.CheckMerge;
import io.possync.core.kitchen.KitchenEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code POST /api/sync/checks} (GREEN mode's merge, POS-API.md section 8): the host sends the checks it changed
 * since the cloud last agreed on them, each with the revision both last agreed on ({@code base}), and the kitchen
 * events of the cloud it has taken into its outbox. The cloud answers, for each check sent and in order, the state
 * that stays ({@link CheckMerge}) with the audit entries the merge made; the checks changed on the cloud that the host
 * has not agreed to ({@code changed}); and the kitchen events of sends made on the cloud that the host has not taken.
 */
public record CheckExchange(List<Sent> checks, List<String> kitchenTaken) {

  /** Most checks one exchange sends. */
  public static final int MAX_CHECKS = 200;
  /** Most changed checks, and most kitchen events, one answer holds (the host asks again for more). */
  public static final int MAX_ANSWERED = 200;
  public static final String PATH = "/api/sync/checks";

  static final String CHECKS = "checks";
  static final String CHANGED = "changed";
  static final String KITCHEN = "kitchen";
  static final String KITCHEN_TAKEN = "kitchenTaken";
  static final String CHECK = "check";
  static final String CHANGED_AT = "changedAt";
  static final String BASE = "base";
  static final String AUDIT = "audit";
  static final String REFUSED = "refused";
  static final String NUMBERS = "numbers";

  public CheckExchange {
    checks = List.copyOf(checks);
    kitchenTaken = List.copyOf(kitchenTaken);
  }

  /** A check as the host has it, and the revision both last agreed on (0: never). */
  public record Sent(CheckMerge.State state, int base) {
  }

  /**
   * The state that stays, and the audit entries its merge made; or, for a check the cloud cannot take (its number is
   * already another check's at the property), the host's own state and why ({@code refused}).
   */
  public record Merged(CheckMerge.State state, List<AuditEntry> audit, String refused) {
    public Merged {
      audit = List.copyOf(audit);
    }

    public Merged(CheckMerge.State state, List<AuditEntry> audit) {
      this(state, audit, null);
    }

    JsonObject toJson() {
      JsonArray a = new JsonArray();
      audit.forEach(e -> a.add(e.toJson()));
      JsonObject o = stateJson(state).put(AUDIT, a);
      return refused == null ? o : o.put(REFUSED, refused);
    }

    static Merged fromJson(JsonObject o) {
      return new Merged(readState(o), list(o.getJsonArray(AUDIT), AuditEntry::fromJson, AUDIT), o.getString(REFUSED));
    }
  }

  /**
   * @param numbers the last check number the host's range holds at the property, by business date (recent dates
   *     only): a host whose cache is new numbers past them
   */
  public record Answer(List<Merged> checks, List<Merged> changed, List<KitchenEvent> kitchen,
                       java.util.Map<String, Integer> numbers) {
    public Answer {
      checks = List.copyOf(checks);
      changed = List.copyOf(changed);
      kitchen = List.copyOf(kitchen);
      numbers = java.util.Map.copyOf(numbers);
    }

    public JsonObject toJson() {
      JsonArray c = new JsonArray();
      checks.forEach(m -> c.add(m.toJson()));
      JsonArray ch = new JsonArray();
      changed.forEach(m -> ch.add(m.toJson()));
      JsonArray k = new JsonArray();
      kitchen.forEach(e -> k.add(e.toJson()));
      JsonObject n = new JsonObject();
      numbers.forEach(n::put);
      return new JsonObject().put(CHECKS, c).put(CHANGED, ch).put(KITCHEN, k).put(NUMBERS, n);
    }

    /** Reads an answer; IllegalArgumentException for one that is not. */
    public static Answer fromJson(JsonObject o) {
      java.util.Map<String, Integer> numbers = new java.util.HashMap<>();
      JsonObject n = o.getJsonObject(NUMBERS, new JsonObject());
      for (String date : n.fieldNames()) {
        java.time.LocalDate.parse(date); // a business date, or not an answer
        numbers.put(date, n.getInteger(date));
      }
      return new Answer(list(o.getJsonArray(CHECKS), Merged::fromJson, CHECKS),
          list(o.getJsonArray(CHANGED), Merged::fromJson, CHANGED),
          list(o.getJsonArray(KITCHEN), KitchenEvent::fromJson, KITCHEN), numbers);
    }
  }

  public JsonObject toJson() {
    JsonArray c = new JsonArray();
    checks.forEach(s -> c.add(stateJson(s.state()).put(BASE, s.base())));
    return new JsonObject().put(CHECKS, c).put(KITCHEN_TAKEN, new JsonArray(new ArrayList<>(kitchenTaken)));
  }

  /** Reads a request; IllegalArgumentException naming what is wrong (the cloud answers it 400). */
  public static CheckExchange fromJson(JsonObject o) {
    JsonArray c = o.getJsonArray(CHECKS);
    if (c == null || c.size() > MAX_CHECKS) {
      throw new IllegalArgumentException(CHECKS + " must be a list of at most " + MAX_CHECKS);
    }
    List<Sent> sent = list(c, s -> {
      Object base = s.getValue(BASE);
      if (!(base instanceof Integer b) || b < 0) {
        throw new IllegalArgumentException(BASE + " must be a whole number from 0");
      }
      return new Sent(readState(s), b);
    }, CHECKS);
    JsonArray taken = o.getJsonArray(KITCHEN_TAKEN, new JsonArray());
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < taken.size(); i++) {
      if (!(taken.getValue(i) instanceof String s) || s.length() > 100) {
        throw new IllegalArgumentException(KITCHEN_TAKEN + "[" + i + "] must be an event id");
      }
      ids.add(s);
    }
    if (ids.size() > 10 * MAX_ANSWERED) {
      throw new IllegalArgumentException(KITCHEN_TAKEN + " holds too many ids");
    }
    return new CheckExchange(sent, ids);
  }

  private static JsonObject stateJson(CheckMerge.State s) {
    return new JsonObject().put(CHECK, s.check().toJson()).put(CHANGED_AT, s.changedAt().toString());
  }

  private static CheckMerge.State readState(JsonObject o) {
    return new CheckMerge.State(Check.fromJson(o.getJsonObject(CHECK)), Instant.parse(o.getString(CHANGED_AT)));
  }

  private static <T> List<T> list(JsonArray a, Function<JsonObject, T> f, String field) {
    List<T> out = new ArrayList<>();
    if (a == null) {
      return out;
    }
    for (int i = 0; i < a.size(); i++) {
      try {
        out.add(f.apply(a.getJsonObject(i)));
      } catch (IllegalArgumentException | java.time.DateTimeException e) {
        throw new IllegalArgumentException(field + "[" + i + "]: " + e.getMessage(), e);
      } catch (RuntimeException e) { // a field of the wrong type or missing: no class names to the client
        throw new IllegalArgumentException(field + "[" + i + "] is not valid (a field is missing or of the wrong "
            + "type)", e);
      }
    }
    return out;
  }
}
