package io.possync.host.config;

import io.possync.core.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
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
    try {
      vertx.eventBus().registerDefaultCodec(ConfigSnapshot.class, new LocalCodec());
    } catch (IllegalStateException alreadyRegistered) {
      // a second loader on the same Vert.x instance (tests run several hosts)
    }
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

  /** Snapshots are immutable, so local delivery passes the reference; they never leave the process. */
  static final class LocalCodec implements MessageCodec<ConfigSnapshot, ConfigSnapshot> {
    @Override
    public void encodeToWire(Buffer buffer, ConfigSnapshot s) {
      throw new UnsupportedOperationException("config snapshots stay in this process");
    }

    @Override
    public ConfigSnapshot decodeFromWire(int pos, Buffer buffer) {
      throw new UnsupportedOperationException("config snapshots stay in this process");
    }

    @Override
    public ConfigSnapshot transform(ConfigSnapshot s) {
      return s;
    }

    @Override
    public String name() {
      return "possync-config-snapshot";
    }

    @Override
    public byte systemCodecID() {
      return -1;
    }
  }
}
