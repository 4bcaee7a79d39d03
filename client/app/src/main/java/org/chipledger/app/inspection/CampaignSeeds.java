package org.chipledger.app.inspection;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import org.chipledger.chaincode.inspection.SampleDraw;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.proto.ledger.v1.Campaign;
import org.chipledger.proto.ledger.v1.OpenCampaignRequest;
import org.chipledger.proto.ledger.v1.RevealSeedRequest;

/**
 * The inspector's secret campaign seeds, one file per campaign in its data directory. A seed is
 * written before its commitment goes to the ledger, so a crash can never leave a commitment whose
 * seed is lost; it is never overwritten, so a campaign can only be drawn with the seed it committed
 * to.
 */
public final class CampaignSeeds {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Rejections by a rule: they prove nothing committed, so the fresh seed can be forgotten. */
  private static final Set<ErrorCode> REFUSALS =
      EnumSet.of(
          ErrorCode.CAMPAIGN_EXISTS,
          ErrorCode.COMMITMENT_REUSED,
          ErrorCode.NOTHING_TO_SAMPLE,
          ErrorCode.UNAUTHORIZED_ROLE,
          ErrorCode.UNKNOWN_ORGANIZATION,
          ErrorCode.IDENTITY_MISMATCH,
          ErrorCode.MALFORMED_ARGUMENT,
          ErrorCode.POLICY_NOT_SET,
          ErrorCode.INVALID_POLICY,
          ErrorCode.INVALID_PERIOD,
          ErrorCode.ESCROW_REQUIRED);

  private final Path dir;

  public CampaignSeeds(Path dir) {
    this.dir = dir;
  }

  /**
   * Opens a campaign as {@code inspector}: stores a fresh seed, then commits its SHA-256 on the
   * ledger. After a rule's refusal the seed is forgotten; after any other failure (a timeout, say)
   * it is kept, since the open may still have committed. If the policy names an escrow key, the
   * seed also goes to the ledger encrypted to it ({@link SeedEscrow}).
   */
  public Campaign open(LedgerClient inspector, String campaignId, String owner, String period)
      throws IOException {
    ByteString escrowKey = inspector.policy().getCampaignRules().getEscrowPublicKey();
    byte[] seed = create(campaignId);
    try {
      return inspector.openCampaign(
          OpenCampaignRequest.newBuilder()
              .setCampaignId(campaignId)
              .setOwnerOrg(owner)
              .setPeriod(period)
              .setSeedCommitment(ByteString.copyFrom(SampleDraw.commitment(seed)))
              .setSeedEscrow(escrow(escrowKey, seed))
              .build());
    } catch (LedgerException e) {
      if (REFUSALS.contains(e.code())) {
        try {
          discard(campaignId);
        } catch (IOException cleanup) {
          e.addSuppressed(cleanup);
        }
      }
      throw e;
    }
  }

  private static ByteString escrow(ByteString escrowKey, byte[] seed) {
    if (escrowKey.isEmpty()) {
      return ByteString.EMPTY;
    }
    try {
      return ByteString.copyFrom(SeedEscrow.seal(escrowKey.toByteArray(), seed));
    } catch (GeneralSecurityException e) {
      throw new LedgerException(
          ErrorCode.INVALID_POLICY, "the policy's escrow key is unusable: " + e.getMessage());
    }
  }

  /** Reveals the stored seed of {@code campaignId}, which draws its sample on the ledger. */
  public Campaign reveal(LedgerClient inspector, String campaignId) throws IOException {
    return inspector.revealSeed(
        RevealSeedRequest.newBuilder()
            .setCampaignId(campaignId)
            .setSeed(ByteString.copyFrom(read(campaignId)))
            .build());
  }

  /** A fresh random seed for {@code campaignId}, stored; fails if the campaign has one. */
  public byte[] create(String campaignId) throws IOException {
    byte[] seed = new byte[SampleDraw.SEED_BYTES];
    RANDOM.nextBytes(seed);
    Files.createDirectories(dir);
    Path file = file(campaignId);
    if (Files.exists(file)) {
      throw new FileAlreadyExistsException(
          file.toString(), null, "campaign " + campaignId + " already has a seed");
    }
    Path temp = Files.createTempFile(dir, ".seed", ".tmp");
    try {
      restrict(temp);
      Files.writeString(temp, HexFormat.of().formatHex(seed) + "\n", StandardCharsets.US_ASCII);
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
    return seed;
  }

  /** The stored seed of {@code campaignId}. */
  public byte[] read(String campaignId) throws IOException {
    Path file = file(campaignId);
    if (!Files.exists(file)) {
      throw new IOException(
          "no seed for campaign " + campaignId + " in " + dir + "; only its opener holds it");
    }
    return HexFormat.of().parseHex(Files.readString(file, StandardCharsets.US_ASCII).strip());
  }

  /** Forgets the seed of a campaign the ledger refused to open. */
  public void discard(String campaignId) throws IOException {
    Files.deleteIfExists(file(campaignId));
  }

  /** Where the seed of {@code campaignId} lives (ids may hold '/' and ':'). */
  public Path file(String campaignId) {
    return dir.resolve(URLEncoder.encode(campaignId, StandardCharsets.UTF_8) + ".seed");
  }

  private static void restrict(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the directory's own protection applies.
    }
  }
}
