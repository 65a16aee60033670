package io.possync.host.controllers.payment;

import io.possync.host.cache.LocalCache;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The payment controller's durable state in the cache file, sealed like the rest of it (only ids, status words and
 * timestamps in clear):
 * <ul>
 *   <li>{@code card_forwards}: card payments the processor has not settled yet (stored offline) and those it settled
 *   after the fact. The card's {@code encryptedData} is sealed in {@code card_secrets}, and only while the payment
 *   is {@code adding}, {@code stored} or {@code forwarding}; settling erases it in the transaction that records the
 *   answer: its sealed bytes are overwritten in place with zeros, the row is deleted with {@code secure_delete} on,
 *   and a WAL checkpoint copies the zeroed pages into the file. PaymentsTest scans the file and its WAL for the
 *   sealed bytes. Known limit: SQLite empties the WAL only when no connection reads from it; were a reader to keep
 *   it, its old frames could hold SEALED bytes (never clear text) until SQLite reuses them.</li>
 *   <li>{@code gift_debits}: this host's own gift card debits that a synced version does not reflect yet (see
 *   {@link GiftCards} for the rule).</li>
 * </ul>
 */
public final class PaymentStore {

  /** The intent of a live call to the processor, written before it (the card sealed, the payment on no check yet). */
  public static final String AUTHORIZING = "authorizing";
  /** Approved by the processor but on no check (see {@link CardPayments}): to refund. */
  public static final String ORPHANED = "orphaned";
  /** Written before the check that carries it commits; a row left so by a crash is reconciled at start. */
  public static final String ADDING = "adding";
  /** On its check, waiting for the processor. */
  public static final String STORED = "stored";
  /** The intent to call the processor, written before each call (the same Idempotency-Key every time). */
  public static final String FORWARDING = "forwarding";
  public static final String APPROVED = "approved";
  public static final String DECLINED = "declined";

  /** A gift debit on a check not yet accepted by the cloud (or being added). */
  public static final String OPEN = "open";
  /** A gift debit whose check the cloud accepted, waiting for a synced version that reflects it. */
  public static final String ACCEPTED = "accepted";

  static final String SCHEMA = """
      CREATE TABLE IF NOT EXISTS card_forwards (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
        check_id TEXT NOT NULL, status TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0, check_applied INTEGER NOT NULL DEFAULT 0, payload BLOB NOT NULL);
      CREATE TABLE IF NOT EXISTS card_secrets (id TEXT PRIMARY KEY, secret BLOB NOT NULL);
      CREATE INDEX IF NOT EXISTS card_forwards_status ON card_forwards (status, seq);
      CREATE TABLE IF NOT EXISTS gift_debits (payment_id TEXT PRIMARY KEY, card_id TEXT NOT NULL,
        check_id TEXT NOT NULL, status TEXT NOT NULL, made_version INTEGER NOT NULL, accepted_version INTEGER,
        created_at TEXT NOT NULL, payload BLOB NOT NULL);
      CREATE INDEX IF NOT EXISTS gift_debits_card ON gift_debits (card_id)""";

  /** Fields of a forward's sealed payload. */
  static final String CHECK_ID = "checkId";
  static final String TENDER_ID = "tenderId";
  static final String TENDER_TYPE = "tenderType";
  static final String AMOUNT = "amountCents";
  static final String TIP = "tipCents";
  static final String CURRENCY = "currency";
  static final String LAST4 = "last4";
  static final String BRAND = "brand";
  static final String AT = "at";
  static final String AUTH_CODE = "authCode";
  static final String PROCESSOR_REF = "processorRef";

  /** A card payment as this store keeps it; {@code encryptedData} is null once settled (and in lists). */
  public record Forward(String id, String checkId, String status, Instant createdAt, Instant updatedAt, int attempts,
                        boolean checkApplied, JsonObject payload, String encryptedData) {

    public long amountCents() {
      return payload.getLong(AMOUNT);
    }

    /** The listing form: no card data beyond last4 and brand. */
    public JsonObject toJson() {
      return new JsonObject().put("id", id).put(CHECK_ID, checkId).put("status", status)
          .put(TENDER_ID, payload.getString(TENDER_ID)).put(AMOUNT, payload.getLong(AMOUNT))
          .put(TIP, payload.getLong(TIP)).put(LAST4, payload.getString(LAST4)).put(BRAND, payload.getString(BRAND))
          .put(AUTH_CODE, payload.getString(AUTH_CODE)).put("storedAt", createdAt.toString())
          .put("updatedAt", updatedAt.toString()).put("attempts", attempts);
    }
  }

  /** A gift debit of this host. */
  public record GiftDebit(String paymentId, String cardId, String checkId, String status, long madeVersion,
                          Long acceptedVersion, long amountCents) {
  }

  private final io.vertx.core.Vertx vertx;
  private final LocalCache cache;

  private PaymentStore(io.vertx.core.Vertx vertx, LocalCache cache) {
    this.vertx = vertx;
    this.cache = cache;
  }

  public static Future<PaymentStore> open(io.vertx.core.Vertx vertx, LocalCache cache) {
    return cache.pool().query("PRAGMA secure_delete = ON").execute().compose(v -> cache.ensureSchema(SCHEMA))
        .map(v -> new PaymentStore(vertx, cache));
  }

  static String where(String id) {
    return "card_forwards/" + id;
  }

  static String secretWhere(String id) {
    return "card_forwards/" + id + "/secret";
  }

  static String debitWhere(String id) {
    return "gift_debits/" + id;
  }

  // ---- card forwards ----

  /** Adds a card payment that waits for the processor ({@link #ADDING} until its check committed). */
  public Future<Void> add(String id, String checkId, JsonObject payload, String encryptedData, Instant now) {
    return add(id, checkId, payload, encryptedData, now, ADDING);
  }

  public Future<Void> add(String id, String checkId, JsonObject payload, String encryptedData, Instant now,
                          String status) {
    return cache.pool().withTransaction(conn -> conn.preparedQuery("INSERT INTO card_forwards (id, check_id, status, "
            + "created_at, updated_at, payload) VALUES (?, ?, ?, ?, ?, ?)")
        .execute(Tuple.of(id, checkId, status, now.toString(), now.toString(),
            cache.seal(where(id), payload.toBuffer().getBytes())))
        .compose(v -> conn.preparedQuery("INSERT INTO card_secrets (id, secret) VALUES (?, ?)").execute(Tuple.of(id,
            cache.seal(secretWhere(id), encryptedData.getBytes(StandardCharsets.UTF_8)))))).mapEmpty();
  }

  /**
   * Erases a card: its sealed bytes are first overwritten in place with zeros (an update of the same size is
   * written over the old cell), then the row is deleted with {@code secure_delete} on, so neither the cell nor the
   * freed space keeps a copy.
   */
  private static Future<Void> erase(io.vertx.sqlclient.SqlConnection conn, String id) {
    return conn.query("PRAGMA secure_delete = ON").execute()
        .compose(v -> conn.preparedQuery("UPDATE card_secrets SET secret = zeroblob(length(secret)) WHERE id = ?")
            .execute(Tuple.of(id)))
        .compose(v -> conn.preparedQuery("DELETE FROM card_secrets WHERE id = ?").execute(Tuple.of(id)))
        .mapEmpty();
  }

  /** Sets the status of a row still holding its card (adding, stored, forwarding); counts an attempt when asked. */
  public Future<Void> mark(String id, String status, boolean attempt, Instant now) {
    return cache.pool().preparedQuery("UPDATE card_forwards SET status = ?, updated_at = ?, attempts = attempts + ? "
            + "WHERE id = ? AND status IN (?, ?, ?, ?)")
        .execute(Tuple.of(status, now.toString(), attempt ? 1 : 0, id, AUTHORIZING, ADDING, STORED, FORWARDING))
        .mapEmpty();
  }

  /** Removes (with its card) a row on no check that nothing was charged for: never sent, or refused. */
  public Future<Void> drop(String id) {
    return cache.pool().withTransaction(conn -> erase(conn, id).compose(v -> conn.preparedQuery(
        "DELETE FROM card_forwards WHERE id = ? AND status IN (?, ?)").execute(Tuple.of(id, ADDING, AUTHORIZING))))
        .mapEmpty();
  }

  /**
   * Records the processor's answer and erases the card in one statement; the check is updated afterwards
   * ({@link #checkApplied}), so a crash in between is finished at start.
   */
  public Future<Forward> settle(Forward f, String status, String authCode, String processorRef, Instant now) {
    JsonObject p = f.payload().copy().put(AUTH_CODE, authCode).put(PROCESSOR_REF, processorRef);
    return cache.pool().withTransaction(conn -> erase(conn, f.id()).compose(v -> conn.preparedQuery(
            "UPDATE card_forwards SET status = ?, updated_at = ?, payload = ? WHERE id = ?")
        .execute(Tuple.of(status, now.toString(), cache.seal(where(f.id()), p.toBuffer().getBytes()), f.id()))))
        .map(v -> new Forward(f.id(), f.checkId(), status, f.createdAt(), now, f.attempts() + 1, false, p, null));
  }

  public Future<Void> checkApplied(String id) {
    return cache.pool().preparedQuery("UPDATE card_forwards SET check_applied = 1 WHERE id = ?")
        .execute(Tuple.of(id)).mapEmpty();
  }

  /**
   * Moves the WAL's pages into the file (where secure_delete zeroed the erased bytes) and empties the WAL, on a
   * connection of its own (the pool's connection may hold a statement open, which makes SQLite refuse a checkpoint
   * there). Succeeds with false when a writer kept frames from being copied: {@link CardPayments} tries again.
   */
  public Future<Boolean> checkpoint() {
    return vertx.executeBlocking(() -> {
      try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + cache.file().toAbsolutePath());
           java.sql.Statement st = c.createStatement();
           java.sql.ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
        // (busy, frames in the WAL, frames checkpointed): every frame copied into the file is what erasure needs
        // there; the WAL itself is emptied only when no other connection reads (see the class comment)
        return rs.next() && rs.getInt(2) == rs.getInt(3);
      }
    });
  }

  /** Rows with these statuses (all when empty), oldest first; {@code withSecret} opens the card data too. */
  public Future<List<Forward>> list(List<String> statuses, boolean withSecret) {
    String sql = "SELECT f.id, check_id, status, created_at, updated_at, attempts, check_applied, payload, secret "
        + "FROM card_forwards f LEFT JOIN card_secrets s ON s.id = f.id" + (statuses.isEmpty() ? "" : " WHERE status IN ("
        + String.join(", ", statuses.stream().map(s -> "?").toList()) + ")") + " ORDER BY f.seq";
    return cache.pool().preparedQuery(sql).execute(Tuple.from(new ArrayList<Object>(statuses))).map(rows -> {
      List<Forward> out = new ArrayList<>();
      for (Row r : rows) {
        String id = r.getString(0);
        JsonObject payload = new JsonObject(Buffer.buffer(cache.open(where(id), LocalCache.bytes(r, 7))));
        String secret = withSecret && r.getValue(8) != null
            ? new String(cache.open(secretWhere(id), LocalCache.bytes(r, 8)), StandardCharsets.UTF_8) : null;
        out.add(new Forward(id, r.getString(1), r.getString(2), Instant.parse(r.getString(3)),
            Instant.parse(r.getString(4)), r.getInteger(5), r.getInteger(6) == 1, payload, secret));
      }
      return out;
    });
  }

  /** Settled rows whose check does not show the answer yet (a crash between the two writes). */
  public Future<List<Forward>> unapplied() {
    return list(List.of(APPROVED, DECLINED), false).map(l -> l.stream().filter(f -> !f.checkApplied()).toList());
  }

  // ---- gift debits ----

  public Future<Void> addDebit(GiftDebit d, Instant now) {
    return cache.pool().preparedQuery("INSERT INTO gift_debits (payment_id, card_id, check_id, status, made_version, "
            + "created_at, payload) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .execute(Tuple.of(d.paymentId(), d.cardId(), d.checkId(), ADDING, d.madeVersion(), now.toString(),
            cache.seal(debitWhere(d.paymentId()), new JsonObject().put(AMOUNT, d.amountCents()).toBuffer()
                .getBytes()))).mapEmpty();
  }

  public Future<Void> debitStatus(String paymentId, String status, Long acceptedVersion) {
    return cache.pool().preparedQuery("UPDATE gift_debits SET status = ?, accepted_version = ? WHERE payment_id = ?")
        .execute(Tuple.of(status, acceptedVersion, paymentId)).mapEmpty();
  }

  public Future<Void> dropDebit(String paymentId) {
    return cache.pool().preparedQuery("DELETE FROM gift_debits WHERE payment_id = ?").execute(Tuple.of(paymentId))
        .mapEmpty();
  }

  /** Debits of one card (all cards when null). */
  public Future<List<GiftDebit>> debits(String cardId) {
    String sql = "SELECT payment_id, card_id, check_id, status, made_version, accepted_version, payload FROM "
        + "gift_debits" + (cardId == null ? "" : " WHERE card_id = ?") + " ORDER BY created_at";
    return cache.pool().preparedQuery(sql).execute(cardId == null ? Tuple.tuple() : Tuple.of(cardId)).map(rows -> {
      List<GiftDebit> out = new ArrayList<>();
      for (Row r : rows) {
        JsonObject p = new JsonObject(Buffer.buffer(cache.open(debitWhere(r.getString(0)), LocalCache.bytes(r, 6))));
        out.add(new GiftDebit(r.getString(0), r.getString(1), r.getString(2), r.getString(3), r.getLong(4),
            r.getLong(5), p.getLong(AMOUNT)));
      }
      return out;
    });
  }

  /** Whether the cloud accepted the posting of a check (its offline transaction is no longer pending). */
  public Future<Boolean> posted(String checkId) {
    return cache.pool().preparedQuery("SELECT status FROM txn_queue WHERE id = ?").execute(Tuple.of(checkId))
        .map(rows -> rows.size() == 1
            && io.possync.host.cache.TransactionQueue.UPLOADED.equals(rows.iterator().next().getString(0)));
  }
}
