package org.chipledger.app.inspection;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import org.chipledger.app.options.GlobalOptions;
import org.chipledger.app.output.Output;
import org.chipledger.app.session.LedgerCommand;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.proto.ledger.v1.Campaign;
import org.chipledger.proto.ledger.v1.RevealSeedRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "escrow-reveal",
    description =
        "Secretariat: past a campaign's reveal deadline, decrypt the inspector's escrowed seed and"
            + " reveal it, which draws the sample the inspector withheld.")
final class EscrowRevealCommand extends LedgerCommand {
  static final String PRIVATE_FILE = "escrow.key";
  static final String PUBLIC_FILE = "escrow.pub.der";

  @Option(names = "--campaign", required = true)
  String campaignId;

  @Option(names = "--key", description = "The escrow private key (default: DATA_DIR/escrow).")
  Path keyFile;

  static Path escrowDir(GlobalOptions options) {
    return options.dataDir().resolve("escrow");
  }

  @Override
  protected void run(LedgerClient ledger, Output out) {
    Campaign campaign = ledger.campaign(campaignId).getCampaign();
    if (campaign.getSeedEscrow().isEmpty()) {
      throw new LedgerException(
          ErrorCode.REVEAL_NOT_DUE, "campaign " + campaignId + " has no escrowed seed");
    }
    byte[] seed;
    try {
      Path file = keyFile != null ? keyFile : escrowDir(options()).resolve(PRIVATE_FILE);
      seed = SeedEscrow.open(SeedEscrow.readPrivate(file), campaign.getSeedEscrow().toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      // The ledger checks the reveal against the commitment; an escrow that does not open is the
      // inspector's fault, and says so.
      throw new LedgerException(
          ErrorCode.SEED_MISMATCH,
          "campaign " + campaignId + "'s escrow does not open with this key: " + e.getMessage());
    }
    Campaign drawn =
        ledger.revealSeed(
            RevealSeedRequest.newBuilder()
                .setCampaignId(campaignId)
                .setSeed(ByteString.copyFrom(seed))
                .build());
    if (out.json()) {
      out.record(drawn);
    } else {
      out.line(
          String.format(
              java.util.Locale.ROOT,
              "campaign %s drawn by %s from the escrow: %d of %,d chips",
              drawn.getCampaignId(),
              drawn.getRevealedByOrg(),
              drawn.getSampledSerialsCount(),
              drawn.getDrawnPopulation()));
      CampaignText.sample(out, drawn, java.util.Map.of());
    }
  }
}
