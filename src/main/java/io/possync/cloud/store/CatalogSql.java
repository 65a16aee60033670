package io.possync.cloud.store;

import io.possync.core.catalog.Catalog;
import io.possync.core.catalog.Column;
import io.possync.core.catalog.EntityType;
import io.possync.core.catalog.Scope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every statement the catalog generates, in one place: the row select (public columns under their payload names),
 * the visibility filter (which rows a property sees), the snapshot, the import's upsert and replace, and the admin
 * API's single-row reads and writes. Statements are built once per catalog. In every statement the property is
 * {@code p}, a row of the property root, and {@code $1} is its id.
 */
public final class CatalogSql {

  /** Payload name of the admin read's extra column: whether the property sees the row. */
  public static final String VISIBLE = "_visible";

  private final Catalog catalog;
  private final EntityType root;
  private final Map<String, String> upsert = new HashMap<>();
  private final Map<String, String> guardedUpsert = new HashMap<>();
  private final Map<String, List<String>> referenced = new HashMap<>();
  private final Map<String, String> referencedIds = new HashMap<>();
  private final Map<String, String> visibleRows = new HashMap<>();
  private final Map<String, String> visibleRow = new HashMap<>();
  private final Map<String, String> lockRow = new HashMap<>();
  private final Map<String, String> deleteVisible = new HashMap<>();
  private final String snapshot;

  public CatalogSql(Catalog catalog) {
    this.catalog = catalog;
    this.root = catalog.propertyRoot();
    for (EntityType e : catalog.entities()) {
      upsert.put(e.table(), buildUpsert(e, false));
      guardedUpsert.put(e.table(), buildUpsert(e, true));
      List<String> targets = new ArrayList<>();
      for (Column c : e.columns()) {
        if (c.ref() != null && !targets.contains(c.ref())) {
          targets.add(c.ref());
        }
      }
      referenced.put(e.table(), List.copyOf(targets));
      referencedIds.put(e.table(), buildReferencedIds(targets));
      visibleRows.put(e.table(), buildVisibleRows(e, false));
      visibleRow.put(e.table(), buildVisibleRows(e, true));
      lockRow.put(e.table(), buildLockRow(e));
      deleteVisible.put(e.table(), buildDeleteVisible(e));
    }
    this.snapshot = buildSnapshot();
  }

  public Catalog catalog() {
    return catalog;
  }

  /** {@code FROM properties p}: the property the statement is about, {@code $1}. */
  private String property() {
    return root.table() + " p";
  }

  /** {@code SELECT t.id, t.property_id AS "propertyId", ...}: the public columns under their payload names. */
  public static String rowSelect(EntityType e, String alias) {
    return "SELECT " + columns(e, alias) + " FROM " + e.table() + " " + alias;
  }

  private static String columns(EntityType e, String alias) {
    StringBuilder sb = new StringBuilder();
    boolean first = true;
    for (Column c : e.publicColumns()) {
      sb.append(first ? "" : ", ").append(alias).append('.').append(c.name());
      if (!c.name().equals(c.field())) {
        sb.append(" AS \"").append(c.field()).append('"');
      }
      first = false;
    }
    return sb.toString();
  }

  /** The rows of {@code e} (as {@code alias}) that property {@code p} sees; SQL form of {@code Ownership.sees}. */
  public String visible(EntityType e, String alias) {
    String pc = e.propertyColumn() == null ? null : alias + "." + e.propertyColumn();
    String ec = e.enterpriseColumn() == null ? null : alias + "." + e.enterpriseColumn();
    if (e.scope() == Scope.GLOBAL) {
      return "true";
    }
    if (e.scope() == Scope.PROPERTY) {
      return pc + " = p." + root.propertyColumn();
    }
    String pe = "p." + root.enterpriseColumn();
    if (pc != null) {
      return "(" + pc + " = p." + root.propertyColumn() + " OR (" + pc + " IS NULL AND " + ec + " = " + pe + "))";
    }
    return ec + " = " + pe;
  }

  /**
   * The property's version, the epoch and each entity's JSON (UTF-8 bytes; null for an entity whose feature flag is
   * off), in one statement and so from one snapshot.
   */
  public String snapshot() {
    return snapshot;
  }

  private String buildSnapshot() {
    StringBuilder sb = new StringBuilder("SELECT pv.version, (SELECT value FROM possync_meta WHERE key = 'epoch')");
    // Each entity as UTF-8 JSON bytes (bytea travels as is: no text decoding and re-encoding in Java).
    // row_to_json over aliased columns is as cheap as json_agg of the table's own rows; ORDER BY id makes
    // the output stable.
    for (EntityType e : catalog.entities()) {
      String rows = "(" + rowSelect(e, "t") + " WHERE " + visible(e, "t") + ") x";
      String sub = e.single()
          ? "(SELECT convert_to(row_to_json(x)::text, 'UTF8') FROM " + rows + ")"
          : "(SELECT convert_to(coalesce(json_agg(x ORDER BY x.id), '[]')::text, 'UTF8') FROM " + rows + ")";
      if (e.featureFlag() != null) {
        sub = "CASE WHEN p." + e.featureFlag() + " THEN " + sub + " END";
      }
      sb.append(",\n  ").append(sub);
    }
    sb.append("\nFROM ").append(property()).append(" JOIN property_versions pv ON pv.property_id = p.")
        .append(root.propertyColumn()).append(" WHERE p.").append(root.propertyColumn()).append(" = $1");
    return sb.toString();
  }

  /** The rows of {@code e} the property sees as one JSON array text ({@code $2}: one id, when {@code one}). */
  public String visibleRows(EntityType e, boolean one) {
    return (one ? visibleRow : visibleRows).get(e.table());
  }

  private String buildVisibleRows(EntityType e, boolean one) {
    return "SELECT (SELECT coalesce(json_agg(x ORDER BY x.id), '[]') FROM (" + rowSelect(e, "t") + " WHERE "
        + visible(e, "t") + (one ? " AND t.id = $2" : "") + ") x)::text FROM " + property()
        + " WHERE p." + root.propertyColumn() + " = $1";
  }

  /**
   * For a write of row {@code $2} of {@code e} through property {@code $1}: the property's enterprise, and the stored
   * row as JSON with {@link #VISIBLE} (null when there is none), locked until commit so its owner cannot change.
   */
  public String lockRow(EntityType e) {
    return lockRow.get(e.table());
  }

  private String buildLockRow(EntityType e) {
    String enterprise = root.enterpriseColumn() == null ? "NULL" : "p." + root.enterpriseColumn() + "::text";
    return "SELECT " + enterprise + ", (SELECT row_to_json(x)::text FROM (SELECT " + columns(e, "t") + ", " + visible(e, "t")
        + " AS \"" + VISIBLE + "\" FROM " + e.table() + " t WHERE t.id = $2 FOR UPDATE OF t) x) FROM "
        + property() + " WHERE p." + root.propertyColumn() + " = $1";
  }

  /** The tables {@code e} references, in the order of {@link #referencedIds}'s parameters $2, $3, ... */
  public List<String> referenced(EntityType e) {
    return referenced.get(e.table());
  }

  /** {@code (table, id)} of the rows among {@code $2::uuid[], $3::uuid[], ...} (one per referenced table) that property $1 sees. */
  public String referencedIds(EntityType e) {
    return referencedIds.get(e.table());
  }

  private String buildReferencedIds(List<String> targets) {
    if (targets.isEmpty()) {
      return null;
    }
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      EntityType t = catalog.table(targets.get(i));
      parts.add("SELECT '" + t.table() + "', t.id::text FROM " + t.table() + " t, " + property() + " WHERE p."
          + root.propertyColumn() + " = $1 AND t.id = ANY($" + (i + 2) + "::uuid[]) AND " + visible(t, "t"));
    }
    return String.join(" UNION ALL ", parts);
  }

  /** Deletes row {@code $2} of {@code e} if property {@code $1} sees it. */
  public String deleteVisible(EntityType e) {
    return deleteVisible.get(e.table());
  }

  private String buildDeleteVisible(EntityType e) {
    return "DELETE FROM " + e.table() + " t USING " + property() + " WHERE p." + root.propertyColumn()
        + " = $1 AND t.id = $2 AND " + visible(e, "t");
  }

  /**
   * The import's upsert of the rows in {@code $1} (a JSON array text of rows by column name): rows that did not
   * change are not written, and a stored row of another owner (property, enterprise) is not either: the import
   * then finds it with {@link #ownedElsewhere} and fails. (The root rows may change enterprise.)
   */
  public String upsert(EntityType e) {
    return upsert.get(e.table());
  }

  /**
   * The admin API's upsert of the one row in {@code $1}: an existing row is updated only while it keeps its owner
   * (property and enterprise columns), so no row moves; it returns the id of the row written, none when the row
   * belongs to someone else.
   */
  public String guardedUpsert(EntityType e) {
    return guardedUpsert.get(e.table());
  }

  private static String buildUpsert(EntityType e, boolean guarded) {
    List<String> cols = e.publicColumns().stream().map(Column::name).toList();
    List<String> rest = cols.stream().filter(c -> !c.equals("id")).toList();
    String list = String.join(", ", cols);
    String sql = "INSERT INTO " + e.table() + " AS t (" + list + ") SELECT " + list
        + " FROM jsonb_populate_recordset(NULL::" + e.table() + ", $1::text::jsonb)"
        + " ON CONFLICT (id) DO UPDATE SET (" + String.join(", ", rest) + ") = ROW("
        + String.join(", ", rest.stream().map(c -> "EXCLUDED." + c).toList()) + ")";
    List<String> where = new ArrayList<>();
    if (guarded || !e.isRoot()) { // an import may move its own property to another enterprise, nothing else
      e.ownerColumns().forEach(c -> where.add("t." + c.name() + " IS NOT DISTINCT FROM EXCLUDED." + c.name()));
    }
    if (!guarded) {
      where.add("(" + String.join(", ", rest.stream().map(c -> "t." + c).toList()) + ") IS DISTINCT FROM ("
          + String.join(", ", rest.stream().map(c -> "EXCLUDED." + c).toList()) + ")");
    }
    sql += where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where);
    return guarded ? sql + " RETURNING t.id" : sql;
  }

  /** Deletes the property's rows of {@code e} whose ids are not in {@code $2} (the import's replace). */
  public String deleteOthers(EntityType e) {
    return "DELETE FROM " + e.table() + " WHERE " + e.propertyColumn() + " = $1 AND NOT (id = ANY($2))";
  }

  /**
   * A stored row among the ids {@code $1} whose owner differs from the one given for it ({@code $2, $3, ...}: one
   * array per owner column, in {@link EntityType#ownerColumns()} order): its id and its stored owner columns.
   */
  public String ownedElsewhere(EntityType e) {
    List<Column> owner = e.ownerColumns();
    StringBuilder arrays = new StringBuilder("$1::uuid[]");
    StringBuilder names = new StringBuilder("id");
    List<String> differs = new ArrayList<>();
    List<String> stored = new ArrayList<>();
    for (int i = 0; i < owner.size(); i++) {
      String c = owner.get(i).name();
      arrays.append(", $").append(i + 2).append("::uuid[]");
      names.append(", o").append(i);
      differs.add("t." + c + " IS DISTINCT FROM f.o" + i);
      stored.add("t." + c);
    }
    return "SELECT t.id, " + String.join(", ", stored) + " FROM " + e.table() + " t JOIN unnest(" + arrays + ") AS f("
        + names + ") ON f.id = t.id WHERE " + String.join(" OR ", differs) + " LIMIT 1";
  }
}
