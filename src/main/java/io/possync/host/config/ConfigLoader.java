package io.possync.host.config;

import io.possync.core.Addresses;
import io.vertx.core.Vertx;
import io.possync.host.LocalCodec;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Holds the host's current configuration snapshot and publishes each new one on the event bus
 * ({@link Addresses#HOST_CONFIG}), where service controllers pick it up. At start it is filled from the cache
 * before any network call, so the host serves with the cloud down.
 */
public final class ConfigLoader {

  private final Vertx vertx;
  private final AtomicReference<ConfigSnapshot> current = new AtomicReference<>();

  public ConfigLoader(Vertx vertx) {
    this.vertx = vertx;
    LocalCodec.register(vertx, ConfigSnapshot.class); // snapshots are immutable: passed by reference
  }

  /** The snapshot now in force, or null before the first sync of a new host. */
  public ConfigSnapshot current() {
    return current.get();
  }

  public void publish(ConfigSnapshot s) {
    if (s == null) {
      return;
    }
    current.set(s);
    vertx.eventBus().publish(Addresses.HOST_CONFIG, s);
  }
}
