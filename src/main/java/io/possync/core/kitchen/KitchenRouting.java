package io.possync.core.kitchen;

import io.possync.core.caps.Check;
import io.possync.core.caps.PosConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where sent lines go (POS-API.md section 5): each line by its print class and the check's revenue center, through
 * print class routing to order devices, and from there to their printers and KDS displays. One send gives one chit
 * per printer and one ticket per display, each holding the lines routed there, in check order.
 */
public final class KitchenRouting {

  private KitchenRouting() {
  }

  /** Lines by printer id and by KDS display id. */
  public record Routed(Map<String, List<Check.Line>> printers, Map<String, List<Check.Line>> displays) {

    public boolean isEmpty() {
      return printers.isEmpty() && displays.isEmpty();
    }
  }

  public static Routed route(PosConfig config, Check check, List<Check.Line> lines) {
    Map<String, List<Check.Line>> printers = new LinkedHashMap<>();
    Map<String, List<Check.Line>> displays = new LinkedHashMap<>();
    for (Check.Line line : lines) {
      Set<String> ps = new LinkedHashSet<>();
      Set<String> ks = new LinkedHashSet<>();
      for (PosConfig.OrderDevice od : config.route(check.rvcId(), line.printClassId())) {
        ps.addAll(od.printerIds());
        ks.addAll(od.kdsDeviceIds());
      }
      ps.forEach(p -> printers.computeIfAbsent(p, k -> new ArrayList<>()).add(line));
      ks.forEach(k -> displays.computeIfAbsent(k, x -> new ArrayList<>()).add(line));
    }
    return new Routed(printers, displays);
  }

  /** An event routed with the configuration in force: its lines by printer and by display. */
  public static Routed route(PosConfig config, KitchenEvent e) {
    Check routedAs = new Check(e.checkId(), e.checkNumber(), e.rvcId(), e.orderType(), 0, e.tableName(), null,
        e.employeeId(), null, null, e.at(), null, 0, false, e.lines(), List.of(), List.of(), List.of(), Map.of(), null);
    return route(config, routedAs, e.lines());
  }

  /** The revenue center's name an event's chits and tickets carry. */
  public static String rvcName(PosConfig config, KitchenEvent e) {
    return config.rvc(e.rvcId()).map(PosConfig.Rvc::name).orElse("");
  }

  /** The KDS tickets of a send (one per display); none for a void. */
  public static List<KdsTicket> tickets(PosConfig config, KitchenEvent e, Routed r,
                                        java.util.function.Supplier<String> ids) {
    if (KitchenEvent.VOID.equals(e.kind())) {
      return List.of();
    }
    String rvcName = rvcName(config, e);
    List<KdsTicket> out = new java.util.ArrayList<>();
    r.displays().forEach((displayId, lines) -> out.add(new KdsTicket(ids.get(), displayId, e.checkId(),
        e.checkNumber(), rvcName, e.orderType(), e.tableName(), e.at(), lines)));
    return out;
  }

  /** A void event applied to a check's tickets: the tickets it changed, and a void frame per line taken back. */
  public record Voided(List<KdsTicket> changed, List<String[]> frames) {
  }

  /** @return frames as {displayId, ticketId, lineId} */
  public static Voided voidLines(KitchenEvent e, List<KdsTicket> tickets) {
    List<KdsTicket> changed = new java.util.ArrayList<>();
    List<String[]> frames = new java.util.ArrayList<>();
    for (KdsTicket t : tickets) {
      KdsTicket next = t;
      for (Check.Line l : e.lines()) {
        if (next.has(l.id())) {
          next = next.voidLine(l.id());
          frames.add(new String[] {t.displayId(), t.id(), l.id()});
        }
      }
      if (next != t) {
        changed.add(next);
      }
    }
    return new Voided(changed, frames);
  }
}
