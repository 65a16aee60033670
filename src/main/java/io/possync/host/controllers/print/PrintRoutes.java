package io.possync.host.controllers.print;

import io.possync.core.caps.Check;
import io.possync.core.caps.CheckService;
import io.possync.core.caps.PosConfig;
import io.possync.core.catalog.ValidationException;
import io.possync.core.error.PossyncException;
import io.possync.core.http.HttpErrors;
import io.possync.core.pos.PosAuth;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The print controller's calls: {@code GET /api/pos/print-jobs?status=queued} (what waits for a printer) and
 * {@code POST /api/pos/checks/{id}/receipt} (the check on the workstation's receipt printer).
 */
public final class PrintRoutes {

  private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(PrintRoutes.class.getName());

  private final PosAuth auth;
  private final CheckService checks;
  private final PrintQueue queue;
  private final PrintDispatcher dispatcher;
  private final Supplier<PosConfig> config;
  private final Clock clock;
  private final PrinterClient client;

  public PrintRoutes(PosAuth auth, CheckService checks, PrintQueue queue, PrintDispatcher dispatcher,
                     Supplier<PosConfig> config, Clock clock, PrinterClient client) {
    this.client = client;
    this.auth = auth;
    this.checks = checks;
    this.queue = queue;
    this.dispatcher = dispatcher;
    this.config = config;
    this.clock = clock;
  }

  public void mount(Router router) {
    router.get("/api/pos/print-jobs").handler(this::list);
    router.post("/api/pos/checks/:id/receipt").handler(this::receipt);
  }

  private void list(RoutingContext ctx) {
    auth.employee(ctx).compose(a -> {
      String status = ctx.request().getParam("status");
      if (status != null && !status.equals(PrintQueue.QUEUED) && !status.equals(PrintQueue.PRINTED)) {
        throw new ValidationException("status must be queued or printed", "status");
      }
      return queue.list(status);
    }).onSuccess(list -> {
      JsonArray a = new JsonArray();
      list.forEach(e -> a.add(e.job().summary(e.status(), e.attempts(), e.nextAt(), e.printedBy())));
      ctx.json(new JsonObject().put("printJobs", a));
    }).onFailure(err -> HttpErrors.fail(ctx, err));
  }

  private void receipt(RoutingContext ctx) {
    auth.employee(ctx).compose(a -> {
      String id = ctx.pathParam("id");
      if (!io.possync.core.catalog.RowValidator.isUuid(id)) {
        throw PossyncException.notFound("no check " + id);
      }
      PosConfig cfg = config.get();
      String printerId = cfg.receiptPrinterOf(a.workstationId());
      if (printerId == null) {
        throw PossyncException.invalid("this workstation has no receipt printer in the configuration");
      }
      return checks.get(id.toLowerCase(java.util.Locale.ROOT)).compose(c -> {
        PrintJob job = receiptJob(cfg, printerId, c, false);
        return queue.add(List.of(job), clock.instant()).map(v -> {
          dispatcher.submit(job);
          return job;
        });
      });
    }).onSuccess(job -> ctx.response().setStatusCode(202).putHeader("content-type", "application/json")
        .end(new JsonObject().put("jobId", job.id()).put("printerId", job.printerId()).encode()))
        .onFailure(err -> HttpErrors.fail(ctx, err));
  }

  /** A receipt (or, with {@code kick}, the receipt's printer opening its drawer) for a check. */
  PrintJob receiptJob(PosConfig cfg, String printerId, Check c, boolean kick) {
    String rvc = cfg.rvc(c.rvcId()).map(PosConfig.Rvc::name).orElse("");
    String server = cfg.employee(c.employeeId()).map(PosConfig.Employee::firstName).orElse("");
    return new PrintJob(UUID.randomUUID().toString(), PrintJob.RECEIPT, printerId, c.id(), c.number(), rvc,
        c.orderType(), c.tableName(), server, clock.instant(), List.of(),
        new JsonObject().put("check", c.toJson()).put("kickDrawer", kick));
  }

  /**
   * Opens the cash drawer of a workstation's receipt printer (a cash payment): sent at once to that printer only.
   * A kick is not a print job: it never goes to a backup (another station's drawer), never waits in the queue
   * (a drawer that opens hours later), and is not retried; a failure is logged for the cashier's manager.
   */
  public void kickDrawer(String workstationId) {
    PosConfig cfg = config.get();
    PosConfig.Printer p = cfg.printer(cfg.receiptPrinterOf(workstationId)).filter(PosConfig.Printer::active)
        .orElse(null);
    if (p == null) {
      return;
    }
    client.print(p.host(), p.port(), io.vertx.core.buffer.Buffer.buffer().appendBytes(EscPos.INIT)
        .appendBytes(EscPos.DRAWER_KICK)).onSuccess(outcome -> {
          if (!outcome.printed()) {
            LOG.warning("the cash drawer of workstation " + workstationId + " did not open: its receipt printer \""
                + p.name() + "\" at " + p.host() + ":" + p.port() + " answered " + outcome
                + "; open it by key and check the printer");
          }
        });
  }
}
