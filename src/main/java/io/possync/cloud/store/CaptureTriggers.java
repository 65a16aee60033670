package io.possync.cloud.store;

import io.possync.core.catalog.Catalog;
import io.possync.core.catalog.EntityType;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.logging.Logger;

/**
 * Attaches the one generic capture function to every synced table, with the table's scope, urgency (and the column
 * it reads), the property root's full-sync columns and the secret columns from the catalog as trigger arguments. The DDL is derived from the catalog; it is re-run only when it
 * differs from what was installed (its digest is kept in possync_meta) or a trigger is missing.
 */
public final class CaptureTriggers {

  private static final Logger LOG = Logger.getLogger(CaptureTriggers.class.getName());
  static final String TRIGGER = "possync_capture";
  /** The capture function of V004__capture_from_catalog.sql; its arguments are documented there. */
  static final String FUNCTION = "possync_log_change";
  private static final String META_KEY = "capture_triggers_sha256";

  private CaptureTriggers() {
  }

  static String ddl(Catalog catalog) {
    String fullSync = String.join(",", catalog.fullSyncColumns());
    StringBuilder sb = new StringBuilder();
    for (EntityType e : catalog.entities()) {
      List<String> args = new ArrayList<>();
      args.add(e.propertyColumn() == null ? "" : e.propertyColumn());
      args.add(e.enterpriseColumn() == null ? "" : e.enterpriseColumn());
      args.add(e.urgent());
      args.add(e.activeColumn() == null ? "" : e.activeColumn());
      args.add(e.root() == EntityType.Root.PROPERTY ? fullSync : "");
      args.addAll(e.secretColumns());
      sb.append("CREATE OR REPLACE TRIGGER ").append(TRIGGER).append(" AFTER INSERT OR UPDATE OR DELETE ON ")
          .append(e.table()).append(" FOR EACH ROW EXECUTE FUNCTION ").append(FUNCTION).append('(');
      for (int i = 0; i < args.size(); i++) {
        sb.append(i == 0 ? "" : ", ").append('\'').append(args.get(i)).append('\'');
      }
      sb.append(");\n");
    }
    // V002's function, which found the root, its flags and the active column by name, once nothing calls it.
    sb.append("DROP FUNCTION IF EXISTS possync_capture();\n");
    return sb.toString();
  }

  /** Installs or refreshes the triggers; true when anything was (re)created. */
  public static Future<Boolean> install(SqlConnection conn, Catalog catalog) {
    String ddl = ddl(catalog);
    String digest = sha256(ddl);
    String[] tables = catalog.entities().stream().map(EntityType::table).toArray(String[]::new);
    return conn.preparedQuery("SELECT (SELECT value FROM possync_meta WHERE key = $1), "
            + "(SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            + " WHERE t.tgname = $2 AND c.relname = ANY($3) AND c.relnamespace = current_schema()::regnamespace)")
        .execute(Tuple.of(META_KEY, TRIGGER, tables))
        .compose(rows -> {
          var row = rows.iterator().next();
          if (digest.equals(row.getString(0)) && row.getLong(1) == tables.length) {
            return Future.succeededFuture(false);
          }
          return conn.begin().compose(tx -> conn.query(ddl).execute()
              .compose(v -> conn.preparedQuery("INSERT INTO possync_meta (key, value) VALUES ($1, $2) "
                  + "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value").execute(Tuple.of(META_KEY, digest)))
              .compose(v -> tx.commit())
              .onSuccess(v -> LOG.info("change capture triggers installed on " + tables.length + " tables"))
              .map(true));
        });
  }

  static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
