package io.possync.host;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Passes an immutable object on the local event bus by reference (no copy, no JSON round trip): config snapshots,
 * apply requests and results. Such objects never leave the process.
 */
public final class LocalCodec<T> implements MessageCodec<T, T> {

  private final String name;

  private LocalCodec(Class<T> type) {
    this.name = "possync-local-" + type.getName();
  }

  /** Registers the codec as the default for {@code type}; a second registration (tests run several hosts) is a no-op. */
  public static <T> void register(Vertx vertx, Class<T> type) {
    try {
      vertx.eventBus().registerDefaultCodec(type, new LocalCodec<>(type));
    } catch (IllegalStateException alreadyRegistered) {
      // another host on the same Vert.x instance registered it
    }
  }

  @Override
  public void encodeToWire(Buffer buffer, T o) {
    throw new UnsupportedOperationException(name + ": stays in this process");
  }

  @Override
  public T decodeFromWire(int pos, Buffer buffer) {
    throw new UnsupportedOperationException(name + ": stays in this process");
  }

  @Override
  public T transform(T o) {
    return o;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
