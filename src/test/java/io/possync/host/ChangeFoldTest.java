package io.possync.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.possync.host.cache.ChangeFold;
import io.possync.host.cache.ChangeFold.Change;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fold of a delta's changes: what each row ends as is its last change, whatever came before it. */
class ChangeFoldTest {

  static Change ins(String id, int v) {
    return new Change("t", id, new JsonObject().put("id", id).put("v", v));
  }

  static Change del(String id) {
    return new Change("t", id, null);
  }

  /** {name, changes in commit order, what the fold must give (in first-changed order)}. */
  record Case(String name, List<Change> in, List<Change> out) {
  }

  @Test
  void theLastChangeOfEachRowWins() {
    List<Case> cases = List.of(
        new Case("update then delete", List.of(ins("a", 1), ins("a", 2), del("a")), List.of(del("a"))),
        new Case("insert then delete", List.of(ins("a", 1), del("a")), List.of(del("a"))),
        new Case("delete then insert", List.of(del("a"), ins("a", 3)), List.of(ins("a", 3))),
        new Case("delete, insert, update", List.of(del("a"), ins("a", 1), ins("a", 2)), List.of(ins("a", 2))),
        new Case("rows apart", List.of(ins("a", 1), del("b"), ins("a", 2), ins("b", 5)),
            List.of(ins("a", 2), ins("b", 5))),
        new Case("same id, other table", List.of(ins("a", 1), new Change("u", "a", null)),
            List.of(ins("a", 1), new Change("u", "a", null))),
        new Case("nothing", List.of(), List.of()));
    List<String> wrong = new ArrayList<>();
    for (Case c : cases) {
      List<Change> got = ChangeFold.fold(c.in());
      if (!got.equals(c.out())) {
        wrong.add(c.name() + ": got " + got + ", want " + c.out());
      }
    }
    assertEquals(List.of(), wrong);
  }
}
