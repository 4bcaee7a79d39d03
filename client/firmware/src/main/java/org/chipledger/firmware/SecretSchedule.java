package org.chipledger.firmware;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Snapshot times the operator cannot predict (paper §4: "saved at random times, as otherwise the
 * Prover can swap out the true weights ... right before the scheduled logging"). The n-th draw of a
 * boot is HMAC-SHA256(K, boot nonce ‖ n) read as a number in [0, 1), where:
 *
 * <ul>
 *   <li>K is the chip's 32-byte schedule key, made at first boot from {@link SecureRandom} and kept
 *       in NVRAM ({@code <nvram>.sched}) only sealed: AES-256-GCM under a key that only the chip's
 *       private key derives, bound to the chip's serial. The file never holds K as plain bytes.
 *   <li>the boot nonce is 16 fresh random bytes per boot, held in memory only, so two boots of the
 *       same chip draw different schedules even if the operator restores an old sealed file.
 * </ul>
 *
 * The rate stays the policy's f, so Eq. (1) holds; only the draws are secret.
 */
public final class SecretSchedule {
  private static final byte[] MAGIC = "CLSCHED1".getBytes(StandardCharsets.US_ASCII);
  private static final int KEY_BYTES = 32;
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final int FILE_BYTES = MAGIC.length + IV_BYTES + KEY_BYTES + TAG_BITS / 8;
  private static final String SEAL_PURPOSE = "chipledger/schedule-seal/v1";
  private static final byte[] DRAW_LABEL =
      "chipledger/schedule/v1".getBytes(StandardCharsets.US_ASCII);
  private static final SecureRandom RANDOM = new SecureRandom();

  private SecretSchedule() {}

  /** The sealed key file of the log at {@code nvram}: {@code <nvram>.sched}. */
  public static Path fileFor(Path nvram) {
    return nvram.resolveSibling(nvram.getFileName() + ".sched");
  }

  /**
   * The schedule of one boot of {@code chip} on {@code nvram}: unseals the chip's schedule key
   * (making and sealing one at first boot) and draws at {@code ratePerDay}, the policy's f.
   */
  public static PoissonSchedule boot(
      ChipIdentity chip, NvramLog nvram, double ratePerDay, double accelerate) throws IOException {
    return boot(chip, nvram, ratePerDay, accelerate, RANDOM);
  }

  /** As the public boot, with the randomness a test controls to know which bytes K is. */
  static PoissonSchedule boot(
      ChipIdentity chip,
      NvramLog nvram,
      double ratePerDay,
      double accelerate,
      java.util.Random random)
      throws IOException {
    Path file = fileFor(nvram.file());
    byte[] seal = chip.signer().sealingKey(SEAL_PURPOSE);
    byte[] key = null;
    try {
      key = unsealOrCreate(file, seal, chip.serial(), random);
      byte[] nonce = new byte[16];
      random.nextBytes(nonce);
      return new PoissonSchedule(ratePerDay, accelerate, new HmacDraws(key, nonce));
    } finally {
      Arrays.fill(seal, (byte) 0);
      if (key != null) {
        Arrays.fill(key, (byte) 0);
      }
    }
  }

  private static byte[] unsealOrCreate(
      Path file, byte[] seal, String serial, java.util.Random random) throws IOException {
    byte[] sealed;
    try {
      if (Files.size(file) != FILE_BYTES) {
        throw new IOException(file + " is not a sealed schedule key (wrong length)");
      }
      sealed = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      byte[] key = new byte[KEY_BYTES];
      random.nextBytes(key);
      NvramFiles.replace(file, sealWith(seal, serial, key, random));
      return key;
    }
    if (!Arrays.equals(sealed, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new IOException(file + " is not a sealed schedule key");
    }
    try {
      Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
      aes.init(
          Cipher.DECRYPT_MODE,
          new SecretKeySpec(seal, "AES"),
          new GCMParameterSpec(TAG_BITS, sealed, MAGIC.length, IV_BYTES));
      aes.updateAAD(serial.getBytes(StandardCharsets.UTF_8));
      return aes.doFinal(sealed, MAGIC.length + IV_BYTES, KEY_BYTES + TAG_BITS / 8);
    } catch (GeneralSecurityException e) {
      throw new IOException(
          file + " does not unseal with this chip's key: it was altered or is another chip's", e);
    }
  }

  private static byte[] sealWith(byte[] seal, String serial, byte[] key, java.util.Random random) {
    try {
      byte[] iv = new byte[IV_BYTES];
      random.nextBytes(iv);
      Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
      aes.init(
          Cipher.ENCRYPT_MODE, new SecretKeySpec(seal, "AES"), new GCMParameterSpec(TAG_BITS, iv));
      aes.updateAAD(serial.getBytes(StandardCharsets.UTF_8));
      byte[] body = aes.doFinal(key);
      return ByteBuffer.allocate(FILE_BYTES).put(MAGIC).put(iv).put(body).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no AES-GCM", e);
    }
  }

  /** HMAC-SHA256 over (label, boot nonce, draw counter); the Mac holds the key, nothing else. */
  private static final class HmacDraws implements PoissonSchedule.Draws {
    private final Mac mac;
    private final byte[] nonce;
    private long counter;

    HmacDraws(byte[] key, byte[] nonce) {
      try {
        this.mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("this JDK has no HmacSHA256", e);
      }
      this.nonce = nonce.clone();
    }

    @Override
    public synchronized double next() {
      mac.update(DRAW_LABEL);
      mac.update(nonce);
      mac.update(ByteBuffer.allocate(Long.BYTES).putLong(counter++).array());
      long bits = ByteBuffer.wrap(mac.doFinal()).getLong() >>> 11;
      return bits * 0x1.0p-53;
    }
  }
}
