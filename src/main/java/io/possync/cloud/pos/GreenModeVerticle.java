package io.possync.cloud.pos;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** Runs GREEN mode's timers on a cloud node ({@link CloudPos#start}) for as long as the node runs. */
public final class GreenModeVerticle extends VerticleBase {

  private final CloudPos pos;

  public GreenModeVerticle(CloudPos pos) {
    this.pos = pos;
  }

  @Override
  public Future<?> start() {
    pos.start();
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    pos.stop();
    return Future.succeededFuture();
  }
}
