package org.chipledger.app.inspection;

import picocli.CommandLine.Command;

/** Commands of inspectors: on-site log checks, sampling campaigns, verification requests. */
@Command(
    name = "inspect",
    description =
        "Inspect chips: plan and draw campaigns verifiably, check a chip's NVRAM log against the"
            + " ledger, record findings, ask for a run's Proof-of-Learning verification.",
    subcommands = {
      CheckLogCommand.class,
      RequestVerificationCommand.class,
      PlanCommand.class,
      OpenCommand.class,
      DrawCommand.class,
      VerifySampleCommand.class,
      RecordFindingCommand.class,
      CampaignShowCommand.class,
      CampaignListCommand.class,
      PaperTableCommand.class,
      EscrowKeyCommand.class,
      EscrowRevealCommand.class
    })
public final class InspectCommand {
  /** Exit code of a check that found violations. */
  public static final int VIOLATIONS = 3;

  /** Exit code of verify-sample when the owner's population changed since the draw. */
  public static final int UNVERIFIABLE = 4;

  private InspectCommand() {}
}
