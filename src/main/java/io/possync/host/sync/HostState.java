package io.possync.host.sync;

import java.time.Instant;

/** What the sync manager knows of its link to the cloud, read by the LAN status route (thread-safe). */
public final class HostState {

  public static final String SYNCED = "synced";
  public static final String SYNCING = "syncing";
  public static final String ERROR = "error";

  private volatile String syncStatus = SYNCED;
  private volatile boolean cloudReachable;
  private volatile Instant lastContactAt;
  private volatile Integer lastRejectedVersion;
  private volatile String lastRejectedReason;
  private volatile String lastError;
  private volatile int pendingTransactions;

  public String syncStatus() {
    return syncStatus;
  }

  public void syncStatus(String s) {
    syncStatus = s;
  }

  public boolean cloudReachable() {
    return cloudReachable;
  }

  public void cloudReachable(boolean b) {
    cloudReachable = b;
  }

  public Instant lastContactAt() {
    return lastContactAt;
  }

  public void lastContactAt(Instant t) {
    lastContactAt = t;
  }

  public Integer lastRejectedVersion() {
    return lastRejectedVersion;
  }

  public String lastRejectedReason() {
    return lastRejectedReason;
  }

  public void rejected(Integer version, String reason) {
    lastRejectedVersion = version;
    lastRejectedReason = reason;
  }

  public String lastError() {
    return lastError;
  }

  public void lastError(String e) {
    lastError = e;
  }

  public int pendingTransactions() {
    return pendingTransactions;
  }

  public void pendingTransactions(int n) {
    pendingTransactions = n;
  }
}
