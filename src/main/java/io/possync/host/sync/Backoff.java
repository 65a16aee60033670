package io.possync.host.sync;

import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with full jitter: attempt n waits a random time up to base * 2^n, capped. */
public record Backoff(long baseMs, long capMs) {

  public long delay(int attempt) {
    long ceiling = Math.min(capMs, baseMs << Math.min(attempt, 20));
    return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
  }
}
