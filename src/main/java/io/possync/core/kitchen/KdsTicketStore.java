package io.possync.core.kitchen;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;

/**
 * Where a property's KDS tickets live: the host's cache file, or the cloud's PostgreSQL (tickets of sends made in
 * GREEN mode). What a display does with them ({@link KdsHub}) is the same on both.
 */
public interface KdsTicketStore {

  /** A display's open tickets, oldest first. */
  Future<List<KdsTicket>> open(String displayId);

  /** Bumps an open ticket of the display; false when it has no such open ticket. */
  Future<Boolean> bump(String displayId, String ticketId, Instant now);

  /** Brings back the display's last bumped ticket; null when none. */
  Future<KdsTicket> recall(String displayId);
}
