package io.possync.core.wire;

import io.possync.core.catalog.Catalog;
import io.possync.core.catalog.Column;
import io.possync.core.catalog.EntityType;
import io.possync.core.catalog.RowValidator;
import io.possync.core.catalog.Scope;
import io.possync.core.catalog.ValidationException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Checks a whole property's configuration in FullSyncPayload shape: known keys, rows that fit the catalog, unique ids,
 * every row belonging to this property (or its enterprise), and references that resolve inside the payload. A key
 * that is absent is left alone; references into an absent key are left to the database.
 */
public final class FullPayloadValidator {

  private static final Set<String> ENVELOPE = Set.of(Wire.VERSION, Wire.TIMESTAMP, Wire.PROPERTY_ID, Wire.EPOCH);

  private FullPayloadValidator() {
  }

  /** Returns the property id; throws {@link ValidationException} at the first problem. */
  public static UUID check(Catalog catalog, JsonObject payload) {
    for (String key : payload.fieldNames()) {
      if (!ENVELOPE.contains(key) && catalog.byKey(key).isEmpty()) {
        throw new ValidationException("unknown key \"" + key + "\" (not an entity of the catalog)", key);
      }
    }
    EntityType propertyType = catalog.table("properties");
    Object prop = payload.getValue(propertyType.key());
    if (!(prop instanceof JsonObject property)) {
      throw new ValidationException("\"" + propertyType.key() + "\" is required and must be an object",
          propertyType.key());
    }
    RowValidator.check(propertyType, property, propertyType.key());
    UUID propertyId = UUID.fromString(property.getString("id"));
    String envelopeId = payload.getString(Wire.PROPERTY_ID);
    if (envelopeId != null && !envelopeId.equalsIgnoreCase(propertyId.toString())) {
      throw new ValidationException("\"propertyId\" " + envelopeId + " differs from property.id " + propertyId,
          Wire.PROPERTY_ID);
    }
    String enterpriseId = property.getString("enterpriseId");

    // Pass 1: each row on its own, and the ids present per table.
    Map<String, Set<String>> ids = new HashMap<>();
    for (EntityType e : catalog.entities()) {
      Object v = payload.getValue(e.key());
      if (v == null) {
        continue;
      }
      Set<String> seen = new HashSet<>();
      ids.put(e.table(), seen);
      if (e.single()) {
        if (!(v instanceof JsonObject row)) {
          throw new ValidationException("\"" + e.key() + "\" must be an object", e.key());
        }
        checkRow(e, row, e.key(), propertyId, enterpriseId, seen);
      } else {
        if (!(v instanceof JsonArray arr)) {
          throw new ValidationException("\"" + e.key() + "\" must be an array", e.key());
        }
        for (int i = 0; i < arr.size(); i++) {
          if (!(arr.getValue(i) instanceof JsonObject row)) {
            throw new ValidationException(e.key() + "[" + i + "] must be an object", e.key());
          }
          checkRow(e, row, e.key() + "[" + i + "]", propertyId, enterpriseId, seen);
        }
      }
    }
    Set<String> enterprises = ids.get("enterprises");
    if (enterprises != null && !enterprises.contains(enterpriseId)) {
      throw new ValidationException("property.enterpriseId " + enterpriseId + " is not the enterprise in the file",
          "enterpriseId");
    }

    // Pass 2: references resolve inside the payload where the referenced entity is present.
    for (EntityType e : catalog.entities()) {
      Object v = payload.getValue(e.key());
      if (v == null) {
        continue;
      }
      JsonArray rows = e.single() ? new JsonArray().add(v) : (JsonArray) v;
      for (Column c : e.columns()) {
        Set<String> target = c.ref() == null ? null : ids.get(c.ref());
        if (target == null) {
          continue;
        }
        for (int i = 0; i < rows.size(); i++) {
          JsonObject row = rows.getJsonObject(i);
          Object value = row.getValue(c.field());
          if (value == null) {
            continue;
          }
          String ref = lower((String) value);
          if (!target.contains(ref)) {
            String where = e.single() ? e.key() : e.key() + "[" + i + "]";
            throw new ValidationException(where + " (id " + row.getString("id") + "): field \"" + c.field()
                + "\" references " + c.ref() + " " + ref + ", which is not in the file", c.field());
          }
        }
      }
    }
    return propertyId;
  }

  /**
   * A UUID (checked before) in lower case, without a copy when it already is: PostgreSQL sends them so. ASCII only,
   * which a UUID is; Character.isUpperCase costs a Unicode table look-up per character.
   */
  static String lower(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        return s.toLowerCase(java.util.Locale.ROOT);
      }
    }
    return s;
  }

  private static void checkRow(EntityType e, JsonObject row, String where, UUID propertyId, String enterpriseId,
                               Set<String> seen) {
    RowValidator.check(e, row, where);
    String id = lower(row.getString("id"));
    if (!seen.add(id)) {
      throw new ValidationException(where + ": id " + id + " appears twice in " + e.key(), "id");
    }
    if (e.propertyColumn() != null && !e.table().equals("properties")) {
      Column pc = e.column(e.propertyColumn());
      String p = row.getString(pc.field());
      if (p != null && !p.equalsIgnoreCase(propertyId.toString())) {
        throw new ValidationException(where + " (id " + id + "): field \"" + pc.field() + "\" is " + p
            + ", not this file's property " + propertyId, pc.field());
      }
    }
    if (e.scope() == Scope.ENTERPRISE && e.enterpriseColumn() != null && !e.enterpriseColumn().equals("id")) {
      Column ec = e.column(e.enterpriseColumn());
      String en = row.getString(ec.field());
      if (en != null && !en.equalsIgnoreCase(enterpriseId)) {
        throw new ValidationException(where + " (id " + id + "): field \"" + ec.field() + "\" is " + en
            + ", not this property's enterprise " + enterpriseId, ec.field());
      }
    }
  }
}
