package io.possync.core.caps;

import io.possync.core.error.ErrorCode;
import io.possync.core.error.PossyncException;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * Who makes a check call: the signed-in employee, the privileges of their role read from the current configuration,
 * and the workstation.
 */
public record Actor(String employeeId, Set<String> privileges, String workstationId) {

  /** The error body's field naming the missing privilege. */
  public static final String PRIVILEGE = "privilege";

  public static final String VOID_ITEM = "void_item";
  public static final String VOID_CHECK = "void_check";

  public Actor {
    privileges = Set.copyOf(privileges);
  }

  /** Throws 403 {@code missing_privilege} naming the privilege unless the actor holds it (null needs nothing). */
  public void require(String privilege) {
    if (privilege != null && !privilege.isEmpty() && !privileges.contains(privilege)) {
      throw new PossyncException(ErrorCode.MISSING_PRIVILEGE, "this call needs the privilege \"" + privilege + "\"",
          new JsonObject().put(PRIVILEGE, privilege), null);
    }
  }
}
