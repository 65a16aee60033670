package io.possync.host.sync;

import io.possync.core.wire.HeartbeatAnswer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The sync decisions, as pure functions (the seed's "Sync Cadence"): which sync a host runs first, what a heartbeat
 * answer asks for, what a request becomes given the cache, and how requests that arrive while a sync runs fold
 * into one follow-up.
 */
public final class SyncPlan {

  private SyncPlan() {
  }

  /** A kind of sync, weakest first: a stronger one pending makes a weaker one needless. */
  public enum Kind {
    REPAIR, DELTA, FULL;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static final String KIND = "kind";
  public static final String REASON = "reason";

  /** A request to sync: the kind, why, and for a repair the payload keys to repair. */
  public record Request(Kind kind, String reason, List<String> repairKeys) {

    public Request {
      repairKeys = repairKeys == null ? List.of() : List.copyOf(repairKeys);
    }

    public static Request full(String reason) {
      return new Request(Kind.FULL, reason, null);
    }

    public static Request delta(String reason) {
      return new Request(Kind.DELTA, reason, null);
    }

    public JsonObject toJson() {
      return new JsonObject().put(KIND, kind.wireName()).put(REASON, reason);
    }

    /** A request from the event bus ({@code Addresses.HOST_SYNC_REQUEST}); an unknown kind is a delta. */
    public static Request fromJson(JsonObject json) {
      Kind k = Kind.FULL.wireName().equals(json.getString(KIND)) ? Kind.FULL : Kind.DELTA;
      return new Request(k, json.getString(REASON), null);
    }
  }

  /** The first sync after start: full on a new cache or after too long offline, else a delta. */
  public static Request atStart(Instant lastSyncAt, Instant now, Duration offlineLimit) {
    if (lastSyncAt == null) {
      return Request.full("first_boot");
    }
    if (Duration.between(lastSyncAt, now).compareTo(offlineLimit) > 0) {
      return Request.full("offline_too_long");
    }
    return Request.delta("start");
  }

  /** What a heartbeat answer asks for; null for nothing. */
  public static Request fromAnswer(HeartbeatAnswer a) {
    return switch (a.sync()) {
      case HeartbeatAnswer.FULL -> Request.full(a.reason());
      case HeartbeatAnswer.DELTA -> Request.delta(a.reason());
      case HeartbeatAnswer.REPAIR -> a.repair().isEmpty() ? null : new Request(Kind.REPAIR, a.reason(), a.repair());
      default -> null;
    };
  }

  /** The request as it can run: without a cache, only a full sync can. */
  public static Request runnable(Request r, boolean hasCache) {
    return hasCache || r.kind() == Kind.FULL ? r : Request.full(r.reason() == null ? "no_cache" : r.reason());
  }

  /** Two requests as one follow-up: the stronger kind wins; two repairs repair both sets of keys. */
  public static Request fold(Request pending, Request incoming) {
    if (pending == null) {
      return incoming;
    }
    if (incoming == null) {
      return pending;
    }
    if (pending.kind() == Kind.REPAIR && incoming.kind() == Kind.REPAIR) {
      Set<String> keys = new LinkedHashSet<>(pending.repairKeys());
      keys.addAll(incoming.repairKeys());
      return new Request(Kind.REPAIR, incoming.reason(), List.copyOf(keys));
    }
    return incoming.kind().compareTo(pending.kind()) > 0 ? incoming : pending;
  }

  /** After the cloud was out of reach longer than the limit, the next contact brings a full sync. */
  public static boolean fullAfterSilence(Instant lastContact, Instant now, Duration offlineLimit) {
    return lastContact != null && Duration.between(lastContact, now).compareTo(offlineLimit) > 0;
  }
}
