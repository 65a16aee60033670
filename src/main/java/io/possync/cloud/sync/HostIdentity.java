package io.possync.cloud.sync;

import java.util.UUID;

/** The service host a bearer token belongs to. */
public record HostIdentity(UUID serviceHostId, UUID propertyId) {
}
