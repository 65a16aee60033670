package io.possync.core.wire;

/** JSON field names of the wire protocol (DESIGN.md section 6), in one place. */
public final class Wire {

  private Wire() {
  }

  // FullSyncPayload / DeltaSyncPayload envelope
  public static final String VERSION = "version";
  public static final String TIMESTAMP = "timestamp";
  public static final String PROPERTY_ID = "propertyId";
  public static final String SERVICE_HOST_ID = "serviceHostId";
  public static final String EPOCH = "epoch";
  public static final String FROM_VERSION = "fromVersion";
  public static final String TO_VERSION = "toVersion";
  public static final String CHANGES = "changes";

  // ConfigChange
  public static final String ID = "id";
  public static final String ENTITY_TYPE = "entityType";
  public static final String ENTITY_ID = "entityId";
  public static final String OPERATION = "operation";
  public static final String DATA = "data";
  public static final String CHANGED_AT = "changedAt";
  public static final String CHANGED_BY = "changedBy";

  // errors
  public static final String ERROR = "error";
  public static final String MESSAGE = "message";
  public static final String REASON = "reason";
  public static final String CURRENT_VERSION = "currentVersion";
}
