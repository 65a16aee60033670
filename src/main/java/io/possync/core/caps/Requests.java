package io.possync.core.caps;

import io.possync.core.catalog.RowValidator;
import io.possync.core.catalog.TextRules;
import io.possync.core.catalog.ValidationException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The bodies of the check calls (POS-API.md section 3) as records, read strictly: unknown fields, wrong types and
 * values out of range are a {@link ValidationException} naming the field, before anything is looked up or written.
 */
public final class Requests {

  private Requests() {
  }

  public static final int MAX_QUANTITY = 999;
  public static final int MAX_GUESTS = 999;
  public static final int MAX_TEXT = 200;
  public static final int MAX_MODIFIERS = 50;

  public record OpenCheck(String rvcId, String orderType, int guestCount, String tableName) {
    static final Set<String> FIELDS = Set.of("rvcId", "orderType", "guestCount", "tableName");

    public static OpenCheck fromJson(JsonObject b) {
      known(b, FIELDS);
      return new OpenCheck(uuid(b, "rvcId", true), text(b, "orderType", false), whole(b, "guestCount", true, 1,
          MAX_GUESTS, 1), text(b, "tableName", false));
    }
  }

  public record AddLine(String menuItemId, int quantity, List<String> modifierIds) {
    static final Set<String> FIELDS = Set.of("menuItemId", "quantity", "modifierIds");

    public static AddLine fromJson(JsonObject b) {
      known(b, FIELDS);
      List<String> mods = new ArrayList<>();
      Object m = b.getValue("modifierIds");
      if (m != null) {
        if (!(m instanceof JsonArray a) || a.size() > MAX_MODIFIERS) {
          throw new ValidationException("field \"modifierIds\" must be an array of at most " + MAX_MODIFIERS
              + " modifier ids", "modifierIds");
        }
        for (Object o : a) {
          if (!(o instanceof String s) || !RowValidator.isUuid(s)) {
            throw new ValidationException("field \"modifierIds\" must hold modifier ids (UUIDs)", "modifierIds");
          }
          mods.add(s.toLowerCase(Locale.ROOT));
        }
      }
      return new AddLine(uuid(b, "menuItemId", true), whole(b, "quantity", false, 1, MAX_QUANTITY, 1),
          List.copyOf(mods));
    }
  }

  public record Reason(String reason) {
    public static Reason fromJson(JsonObject b) {
      known(b, Set.of("reason"));
      return new Reason(text(b, "reason", true));
    }
  }

  public record AddDiscount(String discountId, String lineId) {
    public static AddDiscount fromJson(JsonObject b) {
      known(b, Set.of("discountId", "lineId"));
      return new AddDiscount(uuid(b, "discountId", true), uuid(b, "lineId", false));
    }
  }

  public record AddServiceCharge(String serviceChargeId) {
    public static AddServiceCharge fromJson(JsonObject b) {
      known(b, Set.of("serviceChargeId"));
      return new AddServiceCharge(uuid(b, "serviceChargeId", true));
    }
  }

  /** A payment; {@code card} and {@code giftCard} are kept as given for the payment controller to read. */
  public record AddPayment(String tenderId, long amountCents, long tipCents, JsonObject card, JsonObject giftCard) {
    public static AddPayment fromJson(JsonObject b) {
      known(b, Set.of("tenderId", "amountCents", "tipCents", "card", "giftCard"));
      Object card = b.getValue("card");
      Object gift = b.getValue("giftCard");
      if (card != null && !(card instanceof JsonObject)) {
        throw new ValidationException("field \"card\" must be an object", "card");
      }
      if (gift != null && !(gift instanceof JsonObject)) {
        throw new ValidationException("field \"giftCard\" must be an object", "giftCard");
      }
      return new AddPayment(uuid(b, "tenderId", true), cents(b, "amountCents", true, 1),
          cents(b, "tipCents", false, 0), (JsonObject) card, (JsonObject) gift);
    }
  }

  static void known(JsonObject b, Set<String> fields) {
    for (String f : b.fieldNames()) {
      if (!fields.contains(f)) {
        throw new ValidationException("unknown field \"" + (f.length() > 40 ? f.substring(0, 40) + "..." : f)
            + "\"", f.length() > 40 ? null : f);
      }
    }
  }

  static String uuid(JsonObject b, String f, boolean required) {
    Object v = b.getValue(f);
    if (v == null) {
      if (required) {
        throw new ValidationException("field \"" + f + "\" is required", f);
      }
      return null;
    }
    if (!(v instanceof String s) || !RowValidator.isUuid(s)) {
      throw new ValidationException("field \"" + f + "\" must be an id (UUID)", f);
    }
    return s.toLowerCase(Locale.ROOT);
  }

  static String text(JsonObject b, String f, boolean required) {
    Object v = b.getValue(f);
    if (v == null) {
      if (required) {
        throw new ValidationException("field \"" + f + "\" is required", f);
      }
      return null;
    }
    if (!(v instanceof String s) || s.length() > MAX_TEXT || (required && s.isBlank())) {
      throw new ValidationException("field \"" + f + "\" must be a text of 1 to " + MAX_TEXT + " characters", f);
    }
    String problem = TextRules.problem(s);
    if (problem != null) {
      throw new ValidationException("field \"" + f + "\" " + problem, f);
    }
    return s;
  }

  static int whole(JsonObject b, String f, boolean required, int min, int max, int dflt) {
    Object v = b.getValue(f);
    if (v == null) {
      if (required) {
        throw new ValidationException("field \"" + f + "\" is required", f);
      }
      return dflt;
    }
    if (!(v instanceof Integer i) || i < min || i > max) {
      throw new ValidationException("field \"" + f + "\" must be a whole number from " + min + " to " + max, f);
    }
    return i;
  }

  static long cents(JsonObject b, String f, boolean required, long min) {
    Object v = b.getValue(f);
    if (v == null) {
      if (required) {
        throw new ValidationException("field \"" + f + "\" is required", f);
      }
      return 0;
    }
    if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < min
        || ((Number) v).longValue() > 100_000_000_00L) {
      throw new ValidationException("field \"" + f + "\" must be whole cents from " + min + " to 10000000000", f);
    }
    return ((Number) v).longValue();
  }
}
