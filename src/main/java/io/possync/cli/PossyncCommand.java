package io.possync.cli;

import io.possync.core.Logging;
import io.possync.core.catalog.ValidationException;
import io.possync.core.config.ConfException;
import java.io.PrintStream;
import java.io.PrintWriter;
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
      CommandLine c = ex.getCommandLine();
      c.getErr().println(c.getCommandSpec().qualifiedName() + ": " + ex.getMessage()
          + " (see " + c.getCommandSpec().qualifiedName() + " --help)");
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
      c.getErr().println(who + ": failed: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      return 1;
    });
    return cl.execute(args);
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
