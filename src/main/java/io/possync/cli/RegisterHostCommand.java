package io.possync.cli;

import io.possync.cloud.store.ServiceHostRegistry;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "register-host", mixinStandardHelpOptions = true,
    description = {"Registers a service host for a property and prints 'serviceHostId=<uuid>' and 'token=<token>'.",
        "The token is shown once: the cloud keeps only its SHA-256. Put it in the host's token file."})
final class RegisterHostCommand implements Callable<Integer> {

  @Mixin
  ConfOption conf;

  @Option(names = "--property", required = true, paramLabel = "UUID", description = "The host's property.")
  UUID propertyId;

  @Option(names = "--name", required = true, paramLabel = "NAME", description = "A name to tell the host by.")
  String name;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    io.possync.core.catalog.ValueRules.checkName("--name", name);
    try (CloudStore store = CloudStore.open(conf)) {
      ServiceHostRegistry.Registration r = new ServiceHostRegistry().register(store.db.pool(), propertyId, name)
          .await();
      spec.commandLine().getOut().println("serviceHostId=" + r.serviceHostId());
      spec.commandLine().getOut().println("token=" + r.token());
    }
    return 0;
  }
}
