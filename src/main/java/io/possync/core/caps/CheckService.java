package io.possync.core.caps;

import io.possync.core.caps.CheckStore.Idempotency;
import io.possync.core.caps.CheckStore.Write;
import io.possync.core.crypto.Tokens;
import io.possync.core.error.ErrorCode;
import io.possync.core.error.PossyncException;
import io.possync.core.kitchen.KitchenEvent;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The check calls of POS-API.md section 3 over a {@link CheckStore}: reads the check, applies a rule of
 * {@link CheckRules} with the configuration in force, and commits, honouring {@code If-Match} and
 * {@code Idempotency-Key}. Calls on one check run one at a time; a write that loses a race with another node is
 * read and applied again. No HTTP here: the routes turn a {@link Call} into an {@link Answer}.
 */
public final class CheckService {

  /** Attempts of a write that keeps losing races (other nodes writing the same check). */
  static final int ATTEMPTS = 5;

  /** A call: who, from which device, with which key and revision, on which check (null for a new one). */
  public record Call(Actor actor, String deviceId, String idempotencyKey, Integer ifMatch, String checkId,
                     String operation, JsonObject body) {
  }

  /**
   * An answer: the status and the check.
   *
   * @param replayed the first answer to this idempotency key, given again: nothing happened now (no drawer to open)
   */
  public record Answer(int status, JsonObject body, boolean replayed) {

    public Answer(int status, JsonObject body) {
      this(status, body, false);
    }
  }

  /** A rule applied to the current check; returns the next one (or the same when nothing changes). */
  private interface Rule extends Function<Check, Check> {
  }

  private final CheckStore store;
  private final Supplier<PosConfig> config;
  private final Clock clock;
  private final Serial checks = new Serial();
  private final Serial keys = new Serial();
  private volatile java.util.function.Consumer<Check> committed = c -> { };

  public CheckService(CheckStore store, Supplier<PosConfig> config, Clock clock) {
    this.store = store;
    this.config = config;
    this.clock = clock;
  }

  /**
   * Writes a state a merge decided (GREEN mode), in the check's turn like every other call, and tells the listener
   * (sockets, kitchen, posting) as a workstation's write would. Fails with {@link CheckStore.StaleRevisionException}
   * when the check moved past {@code write.expectedRevision()} meanwhile: the next exchange merges again.
   */
  public Future<Check> commitMerged(Write write) {
    return checks.run(write.check().id(), () -> commit(write));
  }

  /** The configuration in force for this service's checks. */
  public PosConfig configuration() {
    return config.get();
  }

  /** Called with every check this service committed (for {@code check:updated} frames and the kitchen). */
  public void onCommitted(java.util.function.Consumer<Check> listener) {
    this.committed = listener;
  }

  private Future<Check> commit(Write w) {
    return store.commit(w).onSuccess(c -> committed.accept(c));
  }

  private CheckRules rules() {
    return new CheckRules(config.get(), () -> UUID.randomUUID().toString());
  }

  public Future<Check> get(String checkId) {
    return store.get(checkId).map(c -> {
      if (c == null) {
        throw PossyncException.notFound("no check " + checkId);
      }
      return c;
    });
  }

  /** The check's audit trail (states merges overwrote, oldest first); 404 for no check. */
  public Future<List<AuditEntry>> audit(String checkId) {
    return get(checkId).compose(c -> store.audit(checkId));
  }

  /**
   * Checks of a business date with a status (any when null); open checks of every date when the status is open and
   * no date is given, else the checks of today's business date.
   */
  public Future<List<Check>> list(String status, java.time.LocalDate businessDate) {
    java.time.LocalDate date = businessDate != null || Check.OPEN.equals(status) ? businessDate
        : rules().businessDate(clock.instant());
    return store.list(status, date);
  }

  public Future<Answer> open(Call call) {
    Requests.OpenCheck r = Requests.OpenCheck.fromJson(call.body());
    return idempotent(call, 201, idem -> {
      Check c = rules().open(call.actor(), r, UUID.randomUUID().toString(), 0, clock.instant());
      return commit(new Write(c, 0, idem, false));
    });
  }

  public Future<Answer> addLine(Call call) {
    Requests.AddLine r = Requests.AddLine.fromJson(call.body());
    return change(call, 201, false, c -> rules().addLine(c, r));
  }

  public Future<Answer> voidLine(Call call, String lineId) {
    Requests.Reason r = Requests.Reason.fromJson(call.body());
    return change(call, 200, false, c -> rules().voidLine(call.actor(), c, lineId, r));
  }

  public Future<Answer> addDiscount(Call call) {
    Requests.AddDiscount r = Requests.AddDiscount.fromJson(call.body());
    return change(call, 201, false, c -> rules().addDiscount(call.actor(), c, r));
  }

  public Future<Answer> addServiceCharge(Call call) {
    Requests.AddServiceCharge r = Requests.AddServiceCharge.fromJson(call.body());
    return change(call, 201, false, c -> rules().addServiceCharge(c, r));
  }

  public Future<Answer> send(Call call) {
    return change(call, 200, false, c -> rules().send(c));
  }

  public Future<Answer> addLocalPayment(Call call) {
    Requests.AddPayment r = Requests.AddPayment.fromJson(call.body());
    return change(call, 201, false, c -> rules().addLocalPayment(c, r, clock.instant()));
  }

  /**
   * A payment the payment controller decides (a card through the processor, a gift card). {@code decide} runs once
   * per idempotency key, in the check's turn (no other call on this check runs meanwhile), with the check as it is;
   * the payment it gives is added by {@link CheckRules#addPayment}. A failed decision adds nothing.
   */
  public Future<Answer> addPayment(Call call, Function<Check, Future<Check.Payment>> decide) {
    return idempotent(call, 201, idem -> checks.run(call.checkId(), () -> get(call.checkId()).compose(current -> {
      if (call.ifMatch() != null && call.ifMatch() != current.revision()) {
        return attempt(call, idem, false, c -> c, 1); // answers 412 as every other call does
      }
      return decide.apply(current).compose(p -> attempt(call, idem, false, c -> rules().addPayment(c, p), 1));
    })));
  }

  /**
   * Replaces a payment already on a check (a stored card payment settled by the processor later), open or closed;
   * a closed check goes to the posting queue again with it. Nothing is written when the payment is already so.
   */
  public Future<Check> settlePayment(String checkId, Check.Payment settled) {
    return checks.run(checkId, () -> settleAttempt(checkId, settled, 1));
  }

  private Future<Check> settleAttempt(String checkId, Check.Payment settled, int n) {
    return get(checkId).compose(current -> {
      Check next = CheckRules.replacePayment(current, settled);
      if (next == current) {
        return Future.succeededFuture(current);
      }
      return commit(new Write(next, current.revision(), null, !current.isOpen())).recover(err ->
          err instanceof CheckStore.StaleRevisionException && n < ATTEMPTS ? settleAttempt(checkId, settled, n + 1)
              : Future.failedFuture(err));
    });
  }

  public Future<Answer> close(Call call) {
    return change(call, 200, true, c -> rules().close(c, clock.instant()));
  }

  public Future<Answer> voidCheck(Call call) {
    Requests.Reason r = Requests.Reason.fromJson(call.body());
    return change(call, 200, true, c -> rules().voidCheck(call.actor(), c, r, clock.instant()));
  }

  /** Applies a rule to an existing check and commits the result; {@code post} queues it for the cloud. */
  private Future<Answer> change(Call call, int status, boolean post, Rule rule) {
    return idempotent(call, status, idem -> checks.run(call.checkId(), () -> attempt(call, idem, post, rule, 1)));
  }

  private Future<Check> attempt(Call call, Idempotency idem, boolean post, Rule rule, int n) {
    return get(call.checkId()).compose(current -> {
      if (call.ifMatch() != null && call.ifMatch() != current.revision()) {
        return Future.failedFuture(new PossyncException(ErrorCode.REVISION_MISMATCH, "check " + current.number()
            + " is at revision " + current.revision() + ", not " + call.ifMatch(),
            new JsonObject().put("revision", current.revision()), null));
      }
      Check next = rule.apply(current);
      if (next == current) {
        return Future.succeededFuture(current); // nothing to write: a repeat send, a line already void
      }
      List<KitchenEvent> kitchen = KitchenEvent.between(current, next, clock.instant(),
          () -> UUID.randomUUID().toString());
      return commit(new Write(next, current.revision(), idem, post, kitchen)).recover(err -> {
        if (err instanceof CheckStore.StaleRevisionException && call.ifMatch() == null && n < ATTEMPTS) {
          return attempt(call, idem, post, rule, n + 1); // another node wrote first: apply to what it wrote
        }
        if (err instanceof CheckStore.StaleRevisionException) {
          return Future.failedFuture(new PossyncException(ErrorCode.REVISION_MISMATCH, "check changed meanwhile"));
        }
        return Future.failedFuture(err);
      });
    });
  }

  /**
   * Runs a write once per idempotency key of the device: a repeat with the same request answers what the first one
   * did; the same key with another request is 422. Without a key, the write just runs.
   */
  private Future<Answer> idempotent(Call call, int status, Function<Idempotency, Future<Check>> write) {
    if (call.idempotencyKey() == null) {
      return write.apply(null).map(c -> new Answer(status, c.toJson()));
    }
    String hash = requestHash(call);
    return keys.run(call.deviceId() + "\n" + call.idempotencyKey(), () -> store.kept(call.deviceId(),
        call.idempotencyKey()).compose(kept -> {
          if (kept != null) {
            return keptAnswer(kept, hash);
          }
          return write.apply(new Idempotency(call.deviceId(), call.idempotencyKey(), hash, status))
              .map(c -> new Answer(status, c.toJson()))
              // the same key kept meanwhile by another cloud node: answer what it kept, as a repeat
              .recover(err -> err instanceof CheckStore.KeyTakenException
                  ? store.kept(call.deviceId(), call.idempotencyKey()).compose(k -> k == null
                      ? Future.failedFuture(err) : keptAnswer(k, hash))
                  : Future.failedFuture(err));
        }));
  }

  private static Future<Answer> keptAnswer(CheckStore.Kept kept, String hash) {
    return kept.requestHash().equals(hash) ? Future.succeededFuture(new Answer(kept.status(), kept.body(), true))
        : Future.failedFuture(new PossyncException(ErrorCode.IDEMPOTENCY_KEY_REUSED, "this Idempotency-Key was used "
            + "for another request"));
  }

  /** What makes two requests the same: the operation, the check and the body. */
  static String requestHash(Call call) {
    StringBuilder text = new StringBuilder(call.operation()).append('\n').append(call.checkId()).append('\n');
    canonical(call.body(), text);
    return HexFormat.of().formatHex(Tokens.sha256(text.toString()));
  }

  /** JSON with its object keys sorted: the same request whatever order a client wrote its fields in. */
  static void canonical(Object v, StringBuilder out) {
    if (v instanceof JsonObject o) {
      out.append('{');
      List<String> keys = new java.util.ArrayList<>(o.fieldNames());
      java.util.Collections.sort(keys);
      for (int i = 0; i < keys.size(); i++) {
        out.append(i == 0 ? "" : ",").append(io.vertx.core.json.Json.encode(keys.get(i))).append(':');
        canonical(o.getValue(keys.get(i)), out);
      }
      out.append('}');
    } else if (v instanceof io.vertx.core.json.JsonArray a) {
      out.append('[');
      for (int i = 0; i < a.size(); i++) {
        out.append(i == 0 ? "" : ",");
        canonical(a.getValue(i), out);
      }
      out.append(']');
    } else {
      out.append(io.vertx.core.json.Json.encode(v));
    }
  }
}
