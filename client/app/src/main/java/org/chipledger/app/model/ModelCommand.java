package org.chipledger.app.model;

import java.util.List;
import org.chipledger.app.output.Output;
import org.chipledger.app.session.LedgerCommand;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.proto.ledger.v1.ChipModel;
import org.chipledger.proto.ledger.v1.ChipModelList;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The secretariat's chip model registry (issue 17 item 8). */
@Command(
    name = "model",
    description = "Register chip models (the secretariat) and list them.",
    subcommands = {ModelCommand.Register.class, ModelCommand.ListModels.class})
public final class ModelCommand {
  private ModelCommand() {}

  @Command(
      name = "register",
      description =
          "Register a chip model with its TPP and peak FLOP/s; fabs register chips only of"
              + " registered models, which take its TPP.")
  static final class Register extends LedgerCommand {
    @Option(names = "--model", required = true)
    String model;

    @Option(names = "--tpp", required = true, description = "Total processing performance.")
    double tpp;

    @Option(
        names = "--peak-flops",
        required = true,
        description = "Peak FLOP/s, e.g. 1e15; the compute rules price chip time at it.")
    double peakFlops;

    @Override
    protected void run(LedgerClient ledger, Output out) {
      out.record(
          ledger.registerModel(
              ChipModel.newBuilder()
                  .setModel(model)
                  .setTpp(tpp)
                  .setPeakFlopPerSecond(peakFlops)
                  .build()));
    }
  }

  @Command(name = "list", description = "List the registered chip models.")
  static final class ListModels extends LedgerCommand {
    @Override
    protected void run(LedgerClient ledger, Output out) {
      List<ChipModel> models = ledger.models();
      out.table(
          ChipModelList.newBuilder().addAllModels(models).build(),
          List.of("model", "tpp", "peak FLOP/s"),
          models.stream()
              .map(
                  m ->
                      List.of(
                          m.getModel(),
                          String.valueOf(m.getTpp()),
                          String.valueOf(m.getPeakFlopPerSecond())))
              .toList());
    }
  }
}
