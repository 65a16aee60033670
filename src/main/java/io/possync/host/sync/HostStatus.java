package io.possync.host.sync;

/**
 * The host's sync status word (LAN status and {@code sync_state.sync_status}), as a pure function: a token the cloud
 * refuses is an error whatever else is true, since nothing will sync until a person acts; then a sync under way;
 * then whether the last sync failed.
 */
public final class HostStatus {

  public static final String SYNCED = "synced";
  public static final String SYNCING = "syncing";
  public static final String ERROR = "error";

  private HostStatus() {
  }

  public static String word(boolean tokenRefused, boolean syncing, boolean lastSyncFailed) {
    if (tokenRefused) {
      return ERROR;
    }
    if (syncing) {
      return SYNCING;
    }
    return lastSyncFailed ? ERROR : SYNCED;
  }
}
