package io.possync.core.pos;

import io.possync.core.caps.CheckService;
import io.possync.core.caps.PosConfig;
import java.util.function.Supplier;

/**
 * One property's point of sale as a call sees it: the configuration in force, its sign-in and sessions, its checks
 * and its workstations' sockets. The host has one; a cloud node has one per property it served (GREEN mode).
 */
public record PosSite(Supplier<PosConfig> config, PosAuth auth, CheckService checks, PosSockets sockets) {
}
