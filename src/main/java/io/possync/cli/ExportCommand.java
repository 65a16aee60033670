package io.possync.cli;

import io.possync.cloud.store.SnapshotQuery;
import io.possync.core.catalog.Catalog;
import io.vertx.core.buffer.Buffer;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Writes a property's full configuration (FullSyncPayload plus epoch), read in one snapshot, to "
        + "standard output. 'import' of the output reproduces it.")
final class ExportCommand implements Callable<Integer> {

  @Mixin
  ConfOption conf;

  @Option(names = "--property", required = true, paramLabel = "UUID", description = "The property to export.")
  UUID propertyId;

  @Option(names = "--pretty", description = "Indent the JSON for reading.")
  boolean pretty;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    Catalog catalog = Catalog.get();
    try (CloudStore store = CloudStore.open(conf)) {
      SnapshotQuery.Snapshot s = new SnapshotQuery(catalog).read(store.db.pool(), propertyId).await()
          .orElseThrow(() -> new IllegalArgumentException("no property " + propertyId));
      Buffer payload = s.toPayload(catalog, Instant.now());
      PrintWriter out = spec.commandLine().getOut();
      out.println(pretty ? s.toJson(catalog, Instant.now()).encodePrettily() : payload.toString());
      out.flush();
    }
    return 0;
  }
}
