package io.possync.core.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The sign-in attempts of one device, as a value: recent failures, attempts under way and the lock. The one rule of
 * the lockout (POS-API.md section 1), whichever {@link SessionStore} keeps the value. An attempt counts when it
 * starts, so guesses sent together cannot all run before the fifth failure locks the device. An attempt under way
 * for longer than {@link #STALE} is forgotten (its node died mid-check), so a crash never locks a device for good.
 */
public record SignInAttempts(List<Instant> failures, List<Instant> running, Instant lockedUntil) {

  public static final SignInAttempts NONE = new SignInAttempts(List.of(), List.of(), null);
  /** An attempt under way this long is taken as lost (a PIN check takes well under a second). */
  public static final Duration STALE = Duration.ofSeconds(30);

  public SignInAttempts {
    failures = List.copyOf(failures);
    running = List.copyOf(running);
  }

  /** The next state, and until when the device must wait (null when the attempt goes on). */
  public record Step(SignInAttempts next, Instant lockedUntil) {
  }

  private SignInAttempts pruned(Instant now) {
    List<Instant> f = failures.stream().filter(t -> !t.isBefore(now.minus(Sessions.FAILURE_WINDOW))).toList();
    List<Instant> r = running.stream().filter(t -> !t.isBefore(now.minus(STALE))).toList();
    return new SignInAttempts(f, r, lockedUntil != null && now.isBefore(lockedUntil) ? lockedUntil : null);
  }

  /** An attempt starts now: refused while locked, or while failures and attempts under way could lock. */
  public Step begin(Instant now) {
    SignInAttempts a = pruned(now);
    if (a.lockedUntil != null) {
      return new Step(a, a.lockedUntil);
    }
    if (a.failures.size() + a.running.size() >= Sessions.MAX_FAILURES) {
      // as many attempts as may fail are under way or failed: wait for them rather than guess beside them
      return new Step(a, a.failures.isEmpty() ? now.plusSeconds(1) : a.failures.get(0).plus(Sessions.FAILURE_WINDOW));
    }
    List<Instant> r = new ArrayList<>(a.running);
    r.add(now);
    return new Step(new SignInAttempts(a.failures, r, null), null);
  }

  /** An attempt ends: a success forgets the failures; the fifth failure in the window locks the device. */
  public Step end(boolean ok, Instant now) {
    SignInAttempts a = pruned(now);
    List<Instant> r = new ArrayList<>(a.running);
    if (!r.isEmpty()) {
      r.remove(0);
    }
    if (ok) {
      return new Step(new SignInAttempts(List.of(), r, null), null);
    }
    List<Instant> f = new ArrayList<>(a.failures);
    f.add(now);
    if (f.size() >= Sessions.MAX_FAILURES) {
      Instant until = now.plus(Sessions.LOCKOUT);
      return new Step(new SignInAttempts(List.of(), r, until), until);
    }
    return new Step(new SignInAttempts(f, r, null), null);
  }

  public JsonObject toJson() {
    return new JsonObject().put("failures", times(failures)).put("running", times(running))
        .put("lockedUntil", lockedUntil == null ? null : lockedUntil.toString());
  }

  public static SignInAttempts fromJson(JsonObject o) {
    String until = o.getString("lockedUntil");
    return new SignInAttempts(instants(o.getJsonArray("failures")), instants(o.getJsonArray("running")),
        until == null ? null : Instant.parse(until));
  }

  private static JsonArray times(List<Instant> list) {
    JsonArray a = new JsonArray();
    list.forEach(t -> a.add(t.toString()));
    return a;
  }

  private static List<Instant> instants(JsonArray a) {
    List<Instant> out = new ArrayList<>();
    if (a != null) {
      a.forEach(t -> out.add(Instant.parse((String) t)));
    }
    return out;
  }
}
