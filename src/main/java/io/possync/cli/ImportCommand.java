package io.possync.cli;

import io.possync.cloud.store.PropertyImport;
import io.possync.core.catalog.Catalog;
import io.possync.core.config.ConfException;
import io.possync.core.config.ConfReader;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
    try (CloudStore store = CloudStore.open(conf.load())) {
      PropertyImport.Result r = new PropertyImport(Catalog.get()).run(store.db.pool(), json, changedBy).await();
      spec.commandLine().getOut().println("propertyId=" + r.propertyId() + " version=" + r.version());
    }
    return 0;
  }

  static JsonObject read(Path file) {
    try {
      return new JsonObject(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new ConfException("file " + file + " does not exist");
    } catch (IOException e) {
      throw new ConfException("cannot read " + file + ": " + e.getMessage());
    } catch (DecodeException | ClassCastException e) {
      throw new ConfException(file + " is not a JSON object: " + ConfReader.firstLine(e.getMessage()));
    }
  }
}
