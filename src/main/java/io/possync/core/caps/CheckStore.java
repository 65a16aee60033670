package io.possync.core.caps;

import io.possync.core.kitchen.KitchenEvent;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Where checks live: the host's SQLite file, or PostgreSQL in the cloud (GREEN mode). Every implementation passes
 * the same behaviour suite ({@code CheckStoreTestBase}). A {@link #commit} is atomic and durable before its future
 * completes: the check at its new revision, the answer kept for its idempotency key, and what it puts in the outbox
 * (a closed check's posting), all or nothing.
 */
public interface CheckStore {

  /** The check, or a null result when there is none. */
  Future<Check> get(String checkId);

  /** Most checks one list answers. */
  int MAX_LIST = 1000;

  /**
   * Checks by business date and number, at most {@link #MAX_LIST}: with this status (any when null), of this
   * business date (any when null: meant for open checks, which are few).
   */
  Future<List<Check>> list(String status, java.time.LocalDate businessDate);

  /** The answer kept for an idempotency key of one device, or a null result. */
  Future<Kept> kept(String deviceId, String key);

  /**
   * Writes a check. A new check ({@code expectedRevision} 0) gets the next number of its business date here, unique
   * per property and date. An existing one is written only if it is still at {@code expectedRevision}; otherwise
   * the future fails with {@link StaleRevisionException} and nothing is written.
   *
   * @return the check as stored (with its number)
   */
  Future<Check> commit(Write write);

  /** Releases what the store holds open. */
  Future<Void> close();

  /**
   * One atomic write.
   *
   * @param idempotency the request's key, kept with the answer (the check as stored), or null
   * @param post whether the check goes to the posting queue with this write (on close and void)
   * @param kitchen what the kitchen must hear of this write (lines sent or voided), written with it
   * @param audit states this write overwrites (a merge), kept in the check's audit trail with it
   * @param merged the state comes from the other side (a merge): it is written as it is, a new check keeps its
   *     number, and it changed when {@code changedAt} says (else now)
   */
  record Write(Check check, int expectedRevision, Idempotency idempotency, boolean post,
               List<KitchenEvent> kitchen, List<AuditEntry> audit, boolean merged, java.time.Instant changedAt) {
    public Write {
      kitchen = kitchen == null ? List.of() : List.copyOf(kitchen);
      audit = audit == null ? List.of() : List.copyOf(audit);
    }

    public Write(Check check, int expectedRevision, Idempotency idempotency, boolean post,
                 List<KitchenEvent> kitchen) {
      this(check, expectedRevision, idempotency, post, kitchen, List.of(), false, null);
    }

    public Write(Check check, int expectedRevision, Idempotency idempotency, boolean post) {
      this(check, expectedRevision, idempotency, post, List.of());
    }

    /** A state the merge decided, over the check at {@code expectedRevision} (0: a check this side lacks). */
    public static Write merged(CheckMerge.State state, int expectedRevision, List<AuditEntry> audit) {
      return new Write(state.check(), expectedRevision, null, !state.check().isOpen(), List.of(), audit, true,
          state.changedAt());
    }
  }

  /** The check's audit trail: the states merges overwrote, oldest first. */
  Future<List<AuditEntry>> audit(String checkId);

  /** Kitchen events not yet handled, oldest first (the print and KDS controllers' outbox). */
  Future<List<KitchenEvent>> kitchenPending(int limit);

  /** Marks kitchen events handled. */
  Future<Void> kitchenDone(List<String> eventIds);

  /** An idempotency key of a device, with the hash of the request it came with and the answer's status. */
  record Idempotency(String deviceId, String key, String requestHash, int status) {
  }

  /** A kept answer: the request hash it belongs to, its status and body. */
  record Kept(String requestHash, int status, JsonObject body) {
  }

  /**
   * The idempotency key was kept for a request meanwhile (the same key at the same moment on another cloud node):
   * nothing was written; the caller answers what is kept.
   */
  final class KeyTakenException extends RuntimeException {
    public KeyTakenException(String deviceId, String key) {
      super("idempotency key " + key + " of device " + deviceId + " is already kept for another request", null, false,
          false);
    }
  }

  /**
   * A check from the other side (a merge) names a number another check of its business date has here: nothing was
   * written (a host whose cache was replaced numbered from 1 again).
   */
  final class NumberTakenException extends RuntimeException {
    public NumberTakenException(Check c) {
      super("check number " + c.number() + " of " + c.businessDate() + " is already another check's at this property",
          null, false, false);
    }
  }

  /** The check changed since it was read; the caller reads it again. */
  final class StaleRevisionException extends RuntimeException {
    public StaleRevisionException(String checkId, int expected) {
      super("check " + checkId + " is no longer at revision " + expected, null, false, false);
    }
  }
}
