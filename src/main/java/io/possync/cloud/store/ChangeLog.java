package io.possync.cloud.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/** Helpers for writers of configuration, around the capture triggers (V002__change_capture.sql, V004__capture_from_catalog.sql). */
public final class ChangeLog {

  private ChangeLog() {
  }

  /**
   * Takes the property's version counter lock at the start of a write transaction. The capture trigger would take it
   * at the first changed row anyway; taking it before any row lock means two possync writers of one property queue
   * instead of deadlocking on rows each already touched. A property that does not exist yet locks nothing.
   */
  public static Future<Void> lockProperty(SqlConnection conn, UUID propertyId) {
    return conn.preparedQuery("SELECT 1 FROM property_versions WHERE property_id = $1 FOR UPDATE")
        .execute(Tuple.of(propertyId)).mapEmpty();
  }
}
