package io.possync.cloud.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.possync.core.wire.Checksums;
import io.possync.core.wire.Checksums.Sum;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Which entity types a host must repair, from the cloud's and the host's checksums: a table, one behaviour a row. */
class ChecksumComparisonTest {

  static Map<String, Sum> sums(Object... keyCountSum) {
    Map<String, Sum> m = new LinkedHashMap<>();
    for (int i = 0; i < keyCountSum.length; i += 3) {
      m.put((String) keyCountSum[i], new Sum((Integer) keyCountSum[i + 1], (Integer) keyCountSum[i + 2]));
    }
    return m;
  }

  record Case(String name, Map<String, Sum> cloud, Map<String, Sum> host, List<String> differing) {
  }

  @TestFactory
  Stream<DynamicTest> differing() {
    Map<String, Sum> cloud = sums("menuItems", 40, 7, "tenders", 4, 9, "employees", 20, 11);
    return Stream.of(
        new Case("equal checksums differ nowhere", cloud, sums("menuItems", 40, 7, "tenders", 4, 9,
            "employees", 20, 11), List.of()),
        new Case("the host's order does not matter", cloud, sums("employees", 20, 11, "tenders", 4, 9,
            "menuItems", 40, 7), List.of()),
        new Case("a differing count is named", cloud, sums("menuItems", 39, 7, "tenders", 4, 9,
            "employees", 20, 11), List.of("menuItems")),
        new Case("a differing sum with the same count is named", cloud, sums("menuItems", 40, 7, "tenders", 4, 8,
            "employees", 20, 11), List.of("tenders")),
        new Case("a type the host lacks is named", cloud, sums("menuItems", 40, 7, "tenders", 4, 9),
            List.of("employees")),
        new Case("a type only the host has is named", cloud, sums("menuItems", 40, 7, "tenders", 4, 9,
            "employees", 20, 11, "giftCards", 1, 1), List.of("giftCards")),
        new Case("the cloud's types come first in its order, then the host's extra ones", cloud,
            sums("giftCards", 1, 1, "employees", 0, 0, "menuItems", 0, 0), List.of("menuItems", "tenders",
                "employees", "giftCards")),
        new Case("a host without checksums differs everywhere", cloud, Map.of(),
            List.of("menuItems", "tenders", "employees"))
    ).map(c -> DynamicTest.dynamicTest(c.name, () -> assertEquals(c.differing, Checksums.differing(c.cloud, c.host),
        c.name)));
  }

  @Test
  void manyMadeUpKeysAreEachNamedOnce() {
    Map<String, Sum> host = new LinkedHashMap<>();
    for (int i = 0; i < 120_000; i++) {
      host.put("k" + i, new Sum(0, 0));
    }
    List<String> out = Checksums.differing(sums("menuItems", 1, 1), host);
    assertEquals(120_001, out.size());
    assertEquals(120_001, new java.util.HashSet<>(out).size());
  }
}
