package org.chipledger.app.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chipledger.client.identity.SecretFiles;
import org.chipledger.firmware.ChipToken;

/**
 * The SoftHSM2 token that holds the keys of the chips the demo trains on (issue 16 item 5), as a
 * fab would burn them into a chip's token: one token labelled {@value #LABEL} per SoftHSM2
 * configuration ({@code SOFTHSM2_CONF}, which the launcher and the test set-up point at a
 * chipledger directory), made with {@code softhsm2-util} before this process first loads the
 * library, which sees only the tokens that exist when it starts. Its user PIN is a random one kept
 * owner-only beside the configuration.
 */
final class DemoToken {
  static final String LABEL = "chipledger-demo";

  private static final Pattern SLOT = Pattern.compile("(?m)^Slot (\\d+)\\s*$");
  private static final Pattern LABEL_LINE = Pattern.compile("^\\s*Label:\\s*(.*?)\\s*$");
  private static ChipToken opened;

  private DemoToken() {}

  /** The demo's token, made on first use; refused, with the reason, where SoftHSM2 is missing. */
  static synchronized ChipToken open() throws IOException {
    if (opened != null) {
      return opened;
    }
    String confSetting = System.getenv("SOFTHSM2_CONF");
    if (confSetting == null || confSetting.isBlank()) {
      throw new IOException(
          "SOFTHSM2_CONF is not set: run the demo through ./chipledger, which sets it");
    }
    Path conf = Path.of(confSetting).toAbsolutePath();
    Path pinFile = conf.resolveSibling(LABEL + ".pin");
    prepare(conf);
    Optional<Long> slot = slotOf(softhsm("--show-slots"));
    if (slot.isEmpty() || !Files.exists(pinFile)) {
      if (slot.isPresent()) {
        softhsm("--delete-token", "--token", LABEL);
      }
      byte[] pin = new byte[16];
      new SecureRandom().nextBytes(pin);
      Files.deleteIfExists(pinFile);
      SecretFiles.writeNew(
          pinFile, HexFormat.of().formatHex(pin).getBytes(StandardCharsets.US_ASCII));
      byte[] so = new byte[8];
      new SecureRandom().nextBytes(so);
      String soPin = HexFormat.of().formatHex(so);
      softhsm(
          "--init-token",
          "--free",
          "--label",
          LABEL,
          "--so-pin",
          soPin,
          "--pin",
          Files.readString(pinFile, StandardCharsets.US_ASCII));
      slot = slotOf(softhsm("--show-slots"));
    }
    char[] pin = Files.readString(pinFile, StandardCharsets.US_ASCII).trim().toCharArray();
    opened =
        ChipToken.openForSessionKeys(
            ChipToken.SOFTHSM2,
            slot.orElseThrow(() -> new IOException("softhsm2-util made no token " + LABEL)),
            pin);
    return opened;
  }

  /** A configuration whose tokens live beside it, unless the user wrote one. */
  private static void prepare(Path conf) throws IOException {
    if (Files.exists(conf)) {
      return;
    }
    Path tokens = conf.resolveSibling("tokens");
    Files.createDirectories(tokens);
    Files.writeString(
        conf,
        "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n",
        StandardCharsets.US_ASCII);
  }

  /** The slot id of the token labelled {@value #LABEL} in {@code --show-slots} output. */
  static Optional<Long> slotOf(String showSlots) {
    Long slot = null;
    for (String line : showSlots.split("\n")) {
      Matcher slotLine = SLOT.matcher(line);
      if (slotLine.matches()) {
        slot = Long.parseLong(slotLine.group(1));
        continue;
      }
      Matcher label = LABEL_LINE.matcher(line);
      if (slot != null && label.matches() && label.group(1).equals(LABEL)) {
        return Optional.of(slot);
      }
    }
    return Optional.empty();
  }

  private static String softhsm(String... args) throws IOException {
    List<String> command = new java.util.ArrayList<>(List.of("softhsm2-util"));
    command.addAll(List.of(args));
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IOException("softhsm2-util is not installed (apt-get install softhsm2)", e);
    }
    try {
      String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.waitFor() != 0) {
        throw new IOException("softhsm2-util " + args[0] + " failed: " + said.trim());
      }
      return said;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while softhsm2-util ran", e);
    }
  }
}
