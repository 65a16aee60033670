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
}
