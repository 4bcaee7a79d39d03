package org.chipledger.app.datacenter;

import com.google.protobuf.ByteString;
import java.util.HexFormat;
import org.chipledger.app.options.SerialList;
import org.chipledger.app.output.Output;
import org.chipledger.app.session.LedgerCommand;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.proto.ledger.v1.Campaign;
import org.chipledger.proto.ledger.v1.DeclareRunRequest;
import org.chipledger.proto.ledger.v1.DeployChipsRequest;
import org.chipledger.proto.ledger.v1.RegisterSiteRequest;
import org.chipledger.proto.ledger.v1.UndeployChipsRequest;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Commands of datacenter operators: sites and deployments. */
@Command(
    name = "datacenter",
    description =
        "Register sites, deploy and undeploy chips, declare training runs, acknowledge"
            + " inspection campaigns.",
    subcommands = {
      DatacenterCommand.RegisterSite.class,
      DatacenterCommand.Deploy.class,
      DatacenterCommand.Undeploy.class,
      DatacenterCommand.DeclareRun.class,
      ApplyApproval.class,
      DatacenterCommand.AckCampaign.class
    })
public final class DatacenterCommand {

  @Command(name = "register-site", description = "Register a datacenter site of your organisation.")
  static final class RegisterSite extends LedgerCommand {
    @Option(names = "--site-id", required = true)
    String siteId;

    @Option(names = "--country", required = true, description = "ISO 3166 alpha-2, e.g. US")
    String country;

    @Option(names = "--name", defaultValue = "")
    String name;

    @Override
    protected void run(LedgerClient ledger, Output out) {
      out.record(
          ledger.registerSite(
              RegisterSiteRequest.newBuilder()
                  .setSiteId(siteId)
                  .setCountry(country)
                  .setName(name)
                  .build()));
    }
  }

  @Command(name = "deploy", description = "Deploy chips you hold at one of your sites.")
  static final class Deploy extends LedgerCommand {
    @Option(names = "--site-id", required = true)
    String siteId;

    @Option(names = "--cluster-id", required = true)
    String clusterId;

    @ArgGroup(exclusive = false, multiplicity = "1")
    SerialList chips;

    @Override
    protected void run(LedgerClient ledger, Output out) {
      out.record(
          ledger.deploy(
              DeployChipsRequest.newBuilder()
                  .setSiteId(siteId)
                  .setClusterId(clusterId)
                  .addAllSerials(chips.resolve())
                  .build()));
    }
  }

  @Command(name = "undeploy", description = "Take chips out of service at their site.")
  static final class Undeploy extends LedgerCommand {
    @ArgGroup(exclusive = false, multiplicity = "1")
    SerialList chips;

    @Override
    protected void run(LedgerClient ledger, Output out) {
      out.record(
          ledger.undeploy(
              UndeployChipsRequest.newBuilder().addAllSerials(chips.resolve()).build()));
    }
  }

  @Command(
      name = "declare-run",
      description = "Declare a training run on chips deployed at your site, before training.")
  static final class DeclareRun extends LedgerCommand {
    @Option(names = "--run-id", required = true)
    String runId;

    @Option(names = "--site-id", required = true)
    String siteId;

    @Option(
        names = "--flop",
        required = true,
        description = "Declared training compute, e.g. 3e24.")
    double flop;

    @Option(
        names = "--manifest-hash",
        required = true,
        description =
            "SHA-256 (hex) of the run's plan: the transcript manifest without checkpoints.")
    String manifestHash;

    @Option(
        names = "--data-commitment",
        required = true,
        description = "Merkle root (hex) over the training batches.")
    String dataCommitment;

    @Option(
        names = "--init-seed-commitment",
        required = true,
        description = "SHA-256 (hex) commitment to the initialisation seed.")
    String initSeedCommitment;

    @ArgGroup(exclusive = false, multiplicity = "1")
    SerialList chips;

    @Override
    protected void run(LedgerClient ledger, Output out) {
      out.record(
          ledger.declareRun(
              DeclareRunRequest.newBuilder()
                  .setRunId(runId)
                  .setSiteId(siteId)
                  .addAllChipSerials(chips.resolve())
                  .setDeclaredFlop(flop)
                  .setManifestHash(hex("--manifest-hash", manifestHash))
                  .setDataCommitment(hex("--data-commitment", dataCommitment))
                  .setInitSeedCommitment(hex("--init-seed-commitment", initSeedCommitment))
                  .build()));
    }

    private static ByteString hex(String option, String value) {
      try {
        return ByteString.copyFrom(HexFormat.of().parseHex(value));
      } catch (IllegalArgumentException e) {
        throw new LedgerException(
            ErrorCode.MALFORMED_ARGUMENT, option + " is not hexadecimal: " + value);
      }
    }
  }

  @Command(
      name = "ack-campaign",
      description =
          "Acknowledge an inspection campaign on your chips; your transaction id goes into the"
              + " draw, so the inspector cannot steer it.")
  static final class AckCampaign extends LedgerCommand {
    @Option(names = "--campaign", required = true)
    String campaignId;

    @Override
    protected void run(LedgerClient ledger, Output out) {
      Campaign campaign = ledger.acknowledgeCampaign(campaignId);
      out.recordOr(
          campaign,
          () -> {
            out.line(
                "campaign "
                    + campaign.getCampaignId()
                    + " acknowledged in transaction "
                    + campaign.getAckTxId()
                    + "; the inspector may now reveal the seed and draw");
          });
    }
  }
}
