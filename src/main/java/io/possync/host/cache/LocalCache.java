package io.possync.host.cache;

import io.possync.core.crypto.AesGcm;
import io.possync.core.crypto.KeyWrap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The host's one SQLite file (DESIGN.md section 8): the config cache, {@code sync_state} (the seed's schema), the
 * offline transaction queue, and check and payment state. Every content column is sealed with AES-256-GCM under
 * a random data key; only ids, entity types, versions, timestamps and status words stay in clear. The data key is
 * stored wrapped by a key derived from the host's token. Opening with another token fails before anything is
 * touched.
 */
public final class LocalCache {

  /** The token does not open this cache. */
  public static final class WrongTokenException extends RuntimeException {
    public WrongTokenException(String message) {
      super(message);
    }
  }

  static final String SCHEMA = """
      CREATE TABLE IF NOT EXISTS cache_meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
      CREATE TABLE IF NOT EXISTS config_cache (entity_type TEXT NOT NULL, entity_id TEXT NOT NULL, data BLOB NOT NULL,
        PRIMARY KEY (entity_type, entity_id)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS sync_state (
        id INTEGER PRIMARY KEY,
        property_id TEXT NOT NULL,
        last_sync_version INTEGER NOT NULL,
        last_sync_at TEXT NOT NULL,
        last_full_sync_at TEXT,
        sync_status TEXT DEFAULT 'synced'
      );
      CREATE TABLE IF NOT EXISTS txn_queue (id TEXT PRIMARY KEY, created_at TEXT NOT NULL, status TEXT NOT NULL,
        payload BLOB NOT NULL);
      CREATE TABLE IF NOT EXISTS checks (id TEXT PRIMARY KEY, status TEXT NOT NULL, updated_at TEXT NOT NULL,
        payload BLOB NOT NULL);
      CREATE TABLE IF NOT EXISTS payments (id TEXT PRIMARY KEY, check_id TEXT NOT NULL, status TEXT NOT NULL,
        updated_at TEXT NOT NULL, payload BLOB NOT NULL)""";

  private final Path file;
  private final Pool pool;
  private final byte[] dataKey;
  private final AesGcm sealer;

  private LocalCache(Path file, Pool pool, byte[] dataKey) {
    this.file = file;
    this.pool = pool;
    this.dataKey = dataKey;
    this.sealer = new AesGcm(dataKey);
  }

  /** Opens (creating when new) the cache file and unlocks it with the token. */
  public static Future<LocalCache> open(Vertx vertx, Path file, String token) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
    } catch (java.io.IOException e) {
      return Future.failedFuture(new IllegalStateException("cannot create " + file.getParent() + ": " + e.getMessage()));
    }
    SQLiteConfig cfg = new SQLiteConfig();
    cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
    cfg.setSynchronous(SQLiteConfig.SynchronousMode.FULL); // queued transactions must survive a power cut
    cfg.setBusyTimeout(10_000);
    // The file has two connections (this one and the checks' own): a transaction takes the write lock when it
    // begins, so it never reads a snapshot another connection then writes past (SQLITE_BUSY_SNAPSHOT).
    cfg.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    SQLiteDataSource ds = new SQLiteDataSource(cfg);
    ds.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
    // One connection: SQLite has one writer, and the cache writer is the only one.
    Pool pool = JDBCPool.pool(vertx, AutoCommitRestoring.wrap(ds), new PoolOptions().setMaxSize(1));
    return pool.withConnection(conn -> runScript(conn, SCHEMA).compose(v -> unlock(conn, token)))
        .map(key -> new LocalCache(file, pool, key))
        .onFailure(err -> pool.close());
  }

  /** Makes a part's tables in the file when they are missing: its {@code CREATE ... IF NOT EXISTS} statements. */
  public Future<Void> ensureSchema(String script) {
    return pool.withConnection(conn -> runScript(conn, script));
  }

  private static Future<Void> runScript(SqlConnection conn, String script) {
    Future<Void> f = Future.succeededFuture();
    for (String stmt : script.split(";")) {
      if (!stmt.isBlank()) {
        f = f.compose(v -> conn.query(stmt).execute().mapEmpty());
      }
    }
    return f;
  }

  /** The data key: unwrapped with the token, or made and wrapped on first open. */
  private static Future<byte[]> unlock(SqlConnection conn, String token) {
    return conn.query("SELECT key, value FROM cache_meta WHERE key IN ('salt', 'wrapped_key')").execute()
        .compose(rows -> {
          byte[] salt = null;
          byte[] wrapped = null;
          for (Row r : rows) {
            if (r.getString(0).equals("salt")) {
              salt = bytes(r, 1);
            } else {
              wrapped = bytes(r, 1);
            }
          }
          if (salt != null && wrapped != null) {
            try {
              return Future.succeededFuture(KeyWrap.unwrap(wrapped, KeyWrap.derive(token, salt)));
            } catch (AesGcm.OpenFailedException e) {
              return Future.failedFuture(new WrongTokenException("the token does not open this cache: check the "
                  + "token file (the cache was left as it was)"));
            }
          }
          byte[] newSalt = KeyWrap.newSalt();
          byte[] dataKey = AesGcm.randomKey();
          byte[] w = KeyWrap.wrap(dataKey, KeyWrap.derive(token, newSalt));
          return conn.begin().compose(tx -> conn.preparedQuery("INSERT INTO cache_meta (key, value) VALUES (?, ?), (?, ?)")
              .execute(Tuple.of("salt", newSalt, "wrapped_key", w))
              .compose(v -> tx.commit()).map(dataKey));
        });
  }

  public static byte[] bytes(Row r, int i) {
    Object v = r.getValue(i);
    if (v instanceof Buffer b) {
      return b.getBytes();
    }
    if (v instanceof byte[] b) {
      return b;
    }
    throw new IllegalStateException("expected a BLOB, got " + (v == null ? "null" : v.getClass().getSimpleName()));
  }

  /** Re-wraps the data key for a new token (a token rotation); the data is not touched. */
  public Future<Void> rewrap(String newToken) {
    byte[] salt = KeyWrap.newSalt();
    byte[] wrapped = KeyWrap.wrap(dataKey, KeyWrap.derive(newToken, salt));
    return pool.withTransaction(conn -> conn.preparedQuery("UPDATE cache_meta SET value = ? WHERE key = ?")
        .executeBatch(java.util.List.of(Tuple.of(salt, "salt"),
            Tuple.of(wrapped, "wrapped_key"))).mapEmpty());
  }

  /** Offline transactions not yet accepted by the cloud. */
  public Future<Integer> pendingTransactions() {
    return pool.query("SELECT count(*) FROM txn_queue WHERE status = 'pending'").execute()
        .map(rows -> rows.iterator().next().getInteger(0));
  }

  public Pool pool() {
    return pool;
  }

  public Path file() {
    return file;
  }

  /** Seals a value for a row; {@code where} (table and id) is bound to it. */
  public byte[] seal(String where, byte[] plain) {
    return sealer.seal(plain, where.getBytes(StandardCharsets.UTF_8));
  }

  public byte[] open(String where, byte[] sealed) {
    return sealer.open(sealed, where.getBytes(StandardCharsets.UTF_8));
  }

  public Future<Void> close() {
    if (dataKey != null) {
      Arrays.fill(dataKey, (byte) 0);
    }
    return pool.close();
  }
}
