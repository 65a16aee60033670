package io.possync;

import io.possync.cli.PossyncCommand;

/** {@code java -jar possync.jar <command>}: see {@link PossyncCommand}. */
public final class Main {

  private Main() {
  }

  public static void main(String[] args) {
    System.exit(PossyncCommand.run(args, System.out, System.err));
  }
}
