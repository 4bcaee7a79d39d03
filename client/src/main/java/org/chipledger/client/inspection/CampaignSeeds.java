package org.chipledger.client.inspection;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.chipledger.chaincode.inspection.SampleDraw;

/**
 * The inspector's secret campaign seeds, one file per campaign in its data directory. A seed is
 * written before its commitment goes to the ledger, so a crash can never leave a commitment whose
 * seed is lost; it is never overwritten, so a campaign can only be drawn with the seed it committed
 * to.
 */
public final class CampaignSeeds {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path dir;

  public CampaignSeeds(Path dir) {
    this.dir = dir;
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
