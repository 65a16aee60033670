package io.possync.core.catalog;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The entity catalog (DESIGN.md section 4), loaded from {@code catalog.json}. Entities are kept in dependency order:
 * every entity a row references comes earlier, so inserts run forward and deletes run backward.
 */
public final class Catalog {

  private static final Catalog DEFAULT = load("/catalog.json");

  private final List<EntityType> entities;
  private final Map<String, EntityType> byTable;
  private final Map<String, EntityType> byKey;
  private final EntityType propertyRoot;
  private final EntityType enterpriseRoot;

  private Catalog(List<EntityType> entities) {
    this.entities = List.copyOf(entities);
    Map<String, EntityType> t = new LinkedHashMap<>();
    Map<String, EntityType> k = new LinkedHashMap<>();
    for (EntityType e : entities) {
      t.put(e.table(), e);
      k.put(e.key(), e);
    }
    this.byTable = Collections.unmodifiableMap(t);
    this.byKey = Collections.unmodifiableMap(k);
    this.propertyRoot = entities.stream().filter(e -> e.root() == EntityType.Root.PROPERTY).findFirst().orElseThrow();
    this.enterpriseRoot = entities.stream().filter(e -> e.root() == EntityType.Root.ENTERPRISE).findFirst()
        .orElse(null);
  }

  /** The catalog shipped in the jar. */
  public static Catalog get() {
    return DEFAULT;
  }

  public List<EntityType> entities() {
    return entities;
  }

  /** A FullSyncPayload's rows by table and id (modifiable maps; the rows are the payload's own objects). */
  public Map<String, Map<String, JsonObject>> tables(JsonObject payload) {
    Map<String, Map<String, JsonObject>> out = new java.util.HashMap<>();
    for (EntityType e : entities) {
      JsonArray rows = e.rowsIn(payload);
      if (rows != null) {
        Map<String, JsonObject> byId = new java.util.HashMap<>();
        rows.forEach(o -> byId.put(((JsonObject) o).getString("id"), (JsonObject) o));
        out.put(e.table(), byId);
      }
    }
    return out;
  }

  public Optional<EntityType> byTable(String table) {
    return Optional.ofNullable(byTable.get(table));
  }

  public Optional<EntityType> byKey(String key) {
    return Optional.ofNullable(byKey.get(key));
  }

  public EntityType table(String table) {
    return byTable(table).orElseThrow(() -> new IllegalArgumentException("no entity " + table));
  }

  static Catalog load(String resource) {
    try (InputStream in = Catalog.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("catalog resource " + resource + " is missing from the jar");
      }
      return parse(new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read catalog " + resource, e);
    }
  }

  /** Reads a catalog; throws {@link IllegalStateException} naming the entity and attribute when it does not hold. */
  public static Catalog parse(JsonObject json) {
    List<EntityType> list = new ArrayList<>();
    Map<String, EntityType> seen = new LinkedHashMap<>();
    for (Object o : json.getJsonArray("entities")) {
      JsonObject e = (JsonObject) o;
      String table = e.getString("table");
      List<Column> columns = new ArrayList<>();
      Map<String, Column> byField = new LinkedHashMap<>();
      Map<String, Column> byName = new LinkedHashMap<>();
      for (Object co : e.getJsonArray("columns")) {
        JsonObject c = (JsonObject) co;
        String name = c.getString("name");
        String ref = c.getString("ref");
        if (ref != null && !ref.equals(table) && !seen.containsKey(ref)) {
          throw new IllegalStateException("catalog: " + table + "." + name + " references " + ref
              + ", which must come earlier in the catalog");
        }
        JsonArray values = c.getJsonArray("values", new JsonArray());
        Column col = new Column(name, Names.camel(name), ColumnType.of(c.getString("type")),
            c.getBoolean("required", false), ref, c.getBoolean("secret", false),
            values.stream().map(String::valueOf).toList(), c.getString("format"), c.getInteger("precision"),
            c.getInteger("scale"), c.getLong("min"));
        ValueRules.checkColumn(table, col);
        columns.add(col);
        byField.put(col.field(), col);
        byName.put(name, col);
      }
      if (!byName.containsKey("id")) {
        throw new IllegalStateException("catalog: " + table + " has no id column");
      }
      EntityType type = new EntityType(table, e.getString("key"), e.getBoolean("single", false),
          e.getInteger("tier"), Scope.valueOf(e.getString("scope").toUpperCase()), e.getString("priority"),
          e.getString("propertyColumn"), e.getString("enterpriseColumn"), e.getString("featureFlag"),
          e.getString("urgent", "never"), root(table, e.getString("root")), upsertOnImport(table, e.getString("import")),
          e.getString("activeColumn"), List.copyOf(columns), Collections.unmodifiableMap(byField),
          Collections.unmodifiableMap(byName));
      seen.put(table, type);
      list.add(type);
    }
    CatalogRules.check(list);
    return new Catalog(list);
  }

  private static EntityType.Root root(String table, String root) {
    if (root == null) {
      return null;
    }
    for (EntityType.Root r : EntityType.Root.values()) {
      if (r.name().equalsIgnoreCase(root)) {
        return r;
      }
    }
    throw new IllegalStateException("catalog: " + table + ": \"root\" is \"" + root
        + "\"; it must be \"property\" or \"enterprise\"");
  }

  private static boolean upsertOnImport(String table, String mode) {
    if (mode == null || mode.equals("replace")) {
      return false;
    }
    if (mode.equals("upsert")) {
      return true;
    }
    throw new IllegalStateException("catalog: " + table + ": \"import\" is \"" + mode
        + "\"; it must be \"replace\" or \"upsert\"");
  }

  /** The property entity: one row per property, the one every payload is about. */
  public EntityType propertyRoot() {
    return propertyRoot;
  }

  /** The enterprise entity, if the catalog has one. */
  public Optional<EntityType> enterpriseRoot() {
    return Optional.ofNullable(enterpriseRoot);
  }

  /** Columns of the property root whose change makes its hosts full-sync: its enterprise and the feature flags. */
  public List<String> fullSyncColumns() {
    List<String> out = new ArrayList<>();
    if (propertyRoot.enterpriseColumn() != null) {
      out.add(propertyRoot.enterpriseColumn());
    }
    for (EntityType e : entities) {
      if (e.featureFlag() != null && !out.contains(e.featureFlag())) {
        out.add(e.featureFlag());
      }
    }
    return out;
  }
}
