package io.possync.core.caps;

import java.time.Instant;

/**
 * How a check changed on both the host and the cloud comes back to one state (POS-API.md section 8): the one rule
 * both sides use. The cloud decides (it sees both states in one transaction); the host stores what it decided.
 *
 * <p>A state is a check and when it last changed. {@code base} is the revision both sides last agreed on (0: the
 * cloud has never had the check from the host). A side that did not change the check since then takes the other's
 * state as it is: that is a continuation, nothing is overwritten; so is a state whose content is the other's at
 * another revision (a merge answered twice). When both changed it (a split), one state wins:
 * <ol>
 *   <li>a closed or voided check stays closed: it wins over an open one, whenever the open one changed;</li>
 *   <li>else the most recent change wins; a tie goes to the higher revision, then to the host;</li>
 * </ol>
 * and the winner is stored at a revision past both sides', so no earlier write of either can land on it
 * ({@code If-Match} of either side answers 412). The loser is the overwritten state: both sides keep it in the
 * check's audit trail.
 */
public final class CheckMerge {

  private CheckMerge() {
  }

  /** A check as one side has it, and when it last changed there. */
  public record State(Check check, Instant changedAt) {
  }

  /** What stays, and the state it overwrote (null when none was: one side continued the other's). */
  public record Outcome(State result, State overwritten, Kind kind) {
  }

  public enum Kind {
    /** The cloud did not have the check: it takes the host's. */
    NEW,
    /** Both sides have the same state. */
    SAME,
    /** Only the host changed it since they agreed: the cloud takes the host's. */
    HOST_CONTINUED,
    /** Only the cloud changed it since they agreed: the host takes the cloud's. */
    CLOUD_CONTINUED,
    /** Both changed it: one won, the other is overwritten and kept in the audit trail. */
    SPLIT
  }

  /**
   * @param host the host's state
   * @param base the revision both last agreed on (0 when never)
   * @param cloud the cloud's state, or null when it has none
   */
  public static Outcome merge(State host, int base, State cloud) {
    if (cloud == null) {
      return new Outcome(host, null, Kind.NEW);
    }
    int h = host.check().revision();
    int c = cloud.check().revision();
    if (sameContent(host.check(), cloud.check())) {
      return h == c ? new Outcome(cloud, null, Kind.SAME)
          : h > c ? new Outcome(host, null, Kind.HOST_CONTINUED) : new Outcome(cloud, null, Kind.CLOUD_CONTINUED);
    }
    if (c == base && h > base) {
      return new Outcome(host, null, Kind.HOST_CONTINUED);
    }
    if (h == base && c > base) {
      return new Outcome(cloud, null, Kind.CLOUD_CONTINUED);
    }
    boolean hostWins = hostWins(host, cloud);
    State winner = hostWins ? host : cloud;
    State loser = hostWins ? cloud : host;
    Check merged = winner.check().withRevision(Math.max(h, c) + 1);
    return new Outcome(new State(merged, winner.changedAt()), loser, Kind.SPLIT);
  }

  /** Whether two states of a check hold the same, whatever their revisions. */
  static boolean sameContent(Check a, Check b) {
    return a.withRevision(0).toJson().equals(b.withRevision(0).toJson());
  }

  /**
   * The id of the audit entry of an overwritten state: the same whichever node makes it and however often (a merge
   * answered again keeps one entry on both sides).
   */
  public static String auditId(String side, State overwritten) {
    return java.util.UUID.nameUUIDFromBytes((overwritten.check().id() + "\n" + side + "\n"
        + overwritten.check().revision() + "\n" + overwritten.changedAt()).getBytes(
        java.nio.charset.StandardCharsets.UTF_8)).toString();
  }

  /** Of two states both sides changed, whether the host's stays. */
  static boolean hostWins(State host, State cloud) {
    boolean hostOpen = host.check().isOpen();
    boolean cloudOpen = cloud.check().isOpen();
    if (hostOpen != cloudOpen) {
      return !hostOpen; // a closed check stays closed
    }
    int byTime = host.changedAt().compareTo(cloud.changedAt());
    if (byTime != 0) {
      return byTime > 0;
    }
    return host.check().revision() >= cloud.check().revision();
  }
}
