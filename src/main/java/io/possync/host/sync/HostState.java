package io.possync.host.sync;

import java.time.Instant;

/** What the sync manager knows of its link to the cloud, read by the LAN status route (thread-safe). */
public final class HostState {

  private volatile boolean syncing;
  private volatile boolean lastSyncFailed;
  private volatile boolean tokenRefused;
  private volatile boolean cloudReachable;
  private volatile Instant lastContactAt;
  private volatile Integer lastRejectedVersion;
  private volatile String lastRejectedReason;
  private volatile String lastError;
  private volatile int pendingTransactions;
  private volatile boolean checksMerged;

  /**
   * Whether the last check exchange with the cloud left nothing to exchange: the host holds every change the cloud
   * made (GREEN mode) and the cloud every change of the host. A workstation that sold on the cloud comes back to the
   * host once this holds.
   */
  public boolean checksMerged() {
    return checksMerged;
  }

  public void checksMerged(boolean b) {
    checksMerged = b;
  }

  /** synced, syncing or error ({@link HostStatus}). */
  public String syncStatus() {
    return HostStatus.word(tokenRefused, syncing, lastSyncFailed);
  }

  public void syncing(boolean b) {
    syncing = b;
  }

  public boolean syncing() {
    return syncing;
  }

  public void lastSyncFailed(boolean b) {
    lastSyncFailed = b;
  }

  public boolean tokenRefused() {
    return tokenRefused;
  }

  public void tokenRefused(boolean b) {
    tokenRefused = b;
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
