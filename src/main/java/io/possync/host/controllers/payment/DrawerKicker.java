package io.possync.host.controllers.payment;

/**
 * Opens a workstation's cash drawer (the print controller sends {@code EscPos.DRAWER_KICK} to the workstation's
 * receipt printer). Called after a cash payment is committed; it must not fail the payment.
 */
@FunctionalInterface
public interface DrawerKicker {

  /** No drawer on this host (or no printer delivery yet). */
  DrawerKicker NONE = workstationId -> { };

  void kick(String workstationId);
}
