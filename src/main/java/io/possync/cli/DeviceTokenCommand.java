package io.possync.cli;

import io.possync.cloud.pos.DeviceTokenIssuer;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "device-token", mixinStandardHelpOptions = true,
    description = {"Issues a device token for a workstation or KDS display and prints 'token=<token>'.",
        "The token is a JWT signed by the property's device signing key (made on first need) and valid 365 days; "
            + "deactivating or deleting the device revokes it sooner."})
final class DeviceTokenCommand implements Callable<Integer> {

  @Mixin
  ConfOption conf;

  @Option(names = "--property", required = true, paramLabel = "UUID", description = "The device's property.")
  UUID propertyId;

  @Option(names = "--device", required = true, paramLabel = "UUID",
      description = "An active workstation or KDS device of the property.")
  UUID deviceId;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    try (CloudStore store = CloudStore.open(conf)) {
      DeviceTokenIssuer.Issued t = new DeviceTokenIssuer(store.vertx, Clock.systemUTC())
          .issue(store.db.pool(), propertyId, deviceId).await();
      spec.commandLine().getOut().println("token=" + t.token());
    }
    return 0;
  }
}
