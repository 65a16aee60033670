package io.possync.cli;

import io.possync.cloud.store.PropertyImport;
import io.possync.core.catalog.Catalog;
import io.possync.core.config.JsonFile;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "import", mixinStandardHelpOptions = true,
    description = {"Imports a property file (FullSyncPayload shape) in one transaction and prints "
        + "'propertyId=<uuid> version=<n>'.",
        "Each entity the file lists replaces that entity's rows for the property; enterprise and global rows are "
            + "upserted. A bad file changes nothing and exits 2 naming the entity and field."})
final class ImportCommand implements Callable<Integer> {

  @Mixin
  ConfOption conf;

  @Parameters(paramLabel = "FILE", description = "The property file, e.g. conf/properties/harbor-grill.json")
  Path file;

  @Option(names = "--changed-by", paramLabel = "EMPLOYEE_ID",
      description = "Employee recorded as changed_by on every change of this import.")
  UUID changedBy;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    JsonObject json = read(file);
    try (CloudStore store = CloudStore.open(conf)) {
      PropertyImport.Result r = new PropertyImport(Catalog.get()).run(store.db.pool(), json, changedBy).await();
      spec.commandLine().getOut().println("propertyId=" + r.propertyId() + " version=" + r.version());
    }
    return 0;
  }

  static JsonObject read(Path file) {
    return JsonFile.object("", file);
  }
}
