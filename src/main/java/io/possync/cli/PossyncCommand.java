package io.possync.cli;

import io.possync.core.Logging;
import io.possync.core.catalog.ValidationException;
import io.possync.core.config.ConfException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Collection;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line. Exit codes: 0 done, 1 failed while running (database unreachable and the like), 2 a bad
 * argument, conf file or input file, said in one line.
 */
@Command(name = "possync", mixinStandardHelpOptions = true, versionProvider = PossyncCommand.Version.class,
    description = "Keeps restaurant Service Hosts in sync with the cloud EMC configuration.",
    subcommands = {CloudCommand.class, HostCommand.class, ImportCommand.class, ExportCommand.class, RegisterHostCommand.class, DeviceTokenCommand.class,
        DemoCommand.class, CommandLine.HelpCommand.class})
public final class PossyncCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    Logging.configure();
    CommandLine cl = new CommandLine(new PossyncCommand());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    cl.setParameterExceptionHandler((ex, a) -> {
      ex.getCommandLine().getErr().println(oneLine(ex));
      return 2;
    });
    cl.setExecutionExceptionHandler((ex, c, parsed) -> {
      Throwable e = ex;
      while (e instanceof java.util.concurrent.CompletionException && e.getCause() != null) {
        e = e.getCause();
      }
      String who = c.getCommandSpec().qualifiedName();
      if (e instanceof ConfException || e instanceof ValidationException || e instanceof IllegalArgumentException
          || (e instanceof io.possync.core.error.PossyncException p
              && p.code() == io.possync.core.error.ErrorCode.NOT_FOUND)
          || e instanceof io.possync.host.cache.LocalCache.WrongTokenException) {
        c.getErr().println(who + ": " + e.getMessage());
        return 2;
      }
      if (e instanceof Ports.PortInUseException) {
        c.getErr().println(who + ": " + e.getMessage());
        return 1;
      }
      c.getErr().println(who + ": failed: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      return 1;
    });
    return cl.execute(args);
  }

  /**
   * A bad command line in one line: a mistyped command or option is named, with picocli's closest match when there
   * is one ({@code possync: unknown command 'clud' (did you mean 'cloud'?)}).
   */
  static String oneLine(CommandLine.ParameterException ex) {
    CommandLine c = ex.getCommandLine();
    String who = c.getCommandSpec().qualifiedName();
    String seeHelp = " (see " + who + " --help)";
    if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      boolean option = u.isUnknownOption();
      String arg = option ? u.getUnmatched().get(0).replaceFirst("=.*", "") : u.getUnmatched().get(0);
      String kind = option ? "unknown option" : c.getSubcommands().isEmpty() ? "unexpected argument" : "unknown command";
      String like = closest(arg, option ? c.getCommandSpec().optionsMap().keySet() : c.getSubcommands().keySet());
      return who + ": " + kind + " '" + arg + "'" + (like == null ? seeHelp : " (did you mean '" + like + "'?)");
    }
    return who + ": " + ex.getMessage() + seeHelp;
  }

  /** The name at most two edits away from {@code typed} (the nearest; null when none is that near). */
  static String closest(String typed, Collection<String> names) {
    String best = null;
    int bestDistance = 3;
    for (String n : names) {
      int d = editDistance(typed, n);
      if (d < bestDistance) {
        best = n;
        bestDistance = d;
      }
    }
    return best;
  }

  static int editDistance(String a, String b) {
    int[] row = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      row[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      int diagonal = row[0];
      row[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int above = row[j];
        row[j] = Math.min(Math.min(row[j] + 1, row[j - 1] + 1), diagonal + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
        diagonal = above;
      }
    }
    return row[b.length()];
  }

  /** The jar's version, from its manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = PossyncCommand.class.getPackage().getImplementationVersion();
      return new String[] {"possync " + (v == null ? "dev" : v)};
    }
  }
}
