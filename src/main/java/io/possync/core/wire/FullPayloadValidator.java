package io.possync.core.wire;

import io.possync.core.catalog.Catalog;
import io.possync.core.catalog.EntityType;
import io.possync.core.catalog.Ownership;
import io.possync.core.catalog.References;
import io.possync.core.catalog.RowIndex;
import io.possync.core.catalog.RowValidator;
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
    EntityType propertyType = catalog.propertyRoot();
    Object prop = payload.getValue(propertyType.key());
    if (!(prop instanceof JsonObject property)) {
      throw new ValidationException("\"" + propertyType.key() + "\" is required and must be an object",
          propertyType.key());
    }
    RowValidator.check(propertyType, property, propertyType.key());
    UUID propertyId = UUID.fromString(property.getString(propertyType.column(propertyType.propertyColumn()).field()));
    String envelopeId = payload.getString(Wire.PROPERTY_ID);
    if (envelopeId != null && !envelopeId.equalsIgnoreCase(propertyId.toString())) {
      throw new ValidationException("\"propertyId\" " + envelopeId + " differs from property.id " + propertyId,
          Wire.PROPERTY_ID);
    }
    String enterpriseId = propertyType.enterpriseColumn() == null ? null
        : property.getString(propertyType.column(propertyType.enterpriseColumn()).field());

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

    // Pass 2: references resolve inside the payload where the referenced entity is present.
    RowIndex index = RowIndex.ofIds(ids);
    for (EntityType e : catalog.entities()) {
      Object v = payload.getValue(e.key());
      if (v == null) {
        continue;
      }
      JsonArray rows = e.rowsIn(payload);
      for (int i = 0; i < rows.size(); i++) {
        JsonObject row = rows.getJsonObject(i);
        References.check(e, row, index, where(e, i) + " (id " + row.getString("id") + ")", "which is not in the file");
      }
    }
    return propertyId;
  }

  private static String where(EntityType e, int i) {
    return e.single() ? e.key() : e.key() + "[" + i + "]";
  }

  private static void checkRow(EntityType e, JsonObject row, String where, UUID propertyId, String enterpriseId,
                               Set<String> seen) {
    RowValidator.check(e, row, where);
    String id = References.lower(row.getString("id"));
    if (!seen.add(id)) {
      throw new ValidationException(where + ": id " + id + " appears twice in " + e.key(), "id");
    }
    Ownership.check(e, row, propertyId, enterpriseId, where + " (id " + id + ")");
  }
}
