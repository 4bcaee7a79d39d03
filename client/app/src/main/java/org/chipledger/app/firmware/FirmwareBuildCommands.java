package org.chipledger.app.firmware;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.chipledger.app.output.Output;
import org.chipledger.app.session.ChipLedgerCommand;
import org.chipledger.app.session.LedgerCommand;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.identity.AckSignatures;
import org.chipledger.client.identity.ChipKeys;
import org.chipledger.client.ledger.FirmwareClient;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.crypto.Sha256;
import org.chipledger.firmware.FirmwareBuild;
import org.chipledger.proto.ledger.v1.ApproveFirmwareRequest;
import org.chipledger.proto.ledger.v1.ApprovedFirmware;
import org.chipledger.proto.ledger.v1.FirmwareManifest;
import org.chipledger.proto.ledger.v1.FirmwareRegistry;
import org.chipledger.proto.ledger.v1.RevokeFirmwareRequest;
import org.chipledger.proto.ledger.v1.SetFirmwareKeyRequest;
import org.chipledger.proto.ledger.v1.SignedFirmwareBuild;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Signed firmware (issue 16 item 4): the treaty's firmware key, the builds it signs, and the
 * secretariat's approvals on the ledger.
 */
final class FirmwareBuildCommands {
  private static final HexFormat HEX = HexFormat.of();

  /** The file names {@code treaty-key} writes in its directory. */
  static final String PRIVATE_NAME = "treaty-firmware";

  static final String PUBLIC_FILE = "treaty-firmware.pub.pem";

  private FirmwareBuildCommands() {}

  @Command(
      name = "treaty-key",
      description =
          "Treaty: make the P-256 firmware signing key. The private key signs builds"
              + " (sign-build); the public key goes to the ledger (set-key) and into chips.")
  static final class TreatyKey extends ChipLedgerCommand {
    @Option(names = "--out", required = true, description = "Directory for the key files.")
    Path out;

    @Override
    public Integer call() throws IOException {
      KeyPair pair = new ChipKeys().generate();
      Files.createDirectories(out);
      ChipKeys.writePrivateKey(out, PRIVATE_NAME, pair);
      Files.writeString(
          out.resolve(PUBLIC_FILE),
          AckSignatures.publicKeyPem(pair.getPublic()),
          StandardCharsets.US_ASCII);
      output().line("treaty firmware private key: " + out.resolve(PRIVATE_NAME + ".pem"));
      output().line("treaty firmware public key: " + out.resolve(PUBLIC_FILE));
      return 0;
    }
  }

  @Command(
      name = "sign-build",
      description = "Treaty: sign a firmware image's manifest with the treaty firmware key.")
  static final class SignBuild extends ChipLedgerCommand {
    @Option(names = "--treaty-key", required = true, description = "PKCS#8 PEM private key.")
    Path treatyKey;

    @Option(names = "--name", required = true, description = "The build's name.")
    String name;

    @Option(
        names = "--security-version",
        required = true,
        description = "Anti-rollback version: chips never run a build below the highest they ran.")
    long securityVersion;

    @Option(names = "--image", required = true, description = "The firmware image file.")
    Path image;

    @Option(names = "--out", required = true, description = "Where to write the signed build.")
    Path out;

    @Override
    public Integer call() throws IOException {
      if (securityVersion < 0 || name.isBlank()) {
        throw usage("--security-version must not be negative and --name not empty");
      }
      FirmwareManifest manifest =
          FirmwareManifest.newBuilder()
              .setName(name)
              .setSecurityVersion(securityVersion)
              .setCodeHash(ByteString.copyFrom(hash(image)))
              .build();
      SignedFirmwareBuild build;
      try {
        build = FirmwareBuild.sign(manifest, AckSignatures.privateKey(treatyKey));
      } catch (IllegalArgumentException | IllegalStateException e) {
        throw usage("--treaty-key " + treatyKey + ": " + e.getMessage());
      }
      Files.write(out, build.toByteArray());
      output()
          .line(
              "build "
                  + name
                  + " (security version "
                  + securityVersion
                  + "), measurement "
                  + HEX.formatHex(Sha256.of(build.getManifest().toByteArray())));
      return 0;
    }

    private static byte[] hash(Path file) throws IOException {
      MessageDigest sha = org.chipledger.crypto.Sha256.newDigest();
      try (InputStream in = Files.newInputStream(file)) {
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
          sha.update(buffer, 0, n);
        }
      }
      return sha.digest();
    }
  }

  @Command(
      name = "set-key",
      description = "Secretariat: set the treaty firmware key on the ledger.")
  static final class SetKey extends LedgerCommand {
    @Option(names = "--public-key", required = true, description = "PEM public key.")
    Path publicKey;

    @Override
    protected void run(LedgerClient ledger, Output out) {
      byte[] der;
      try {
        der = AckSignatures.publicKey(publicKey).getEncoded();
      } catch (IllegalArgumentException | IllegalStateException e) {
        throw new LedgerException(ErrorCode.MALFORMED_ARGUMENT, e.getMessage());
      }
      out.record(
          FirmwareClient.of(ledger)
              .setFirmwareKey(
                  SetFirmwareKeyRequest.newBuilder()
                      .setPublicKey(ByteString.copyFrom(der))
                      .build()));
    }
  }

  @Command(
      name = "approve",
      description =
          "Secretariat: approve a signed build; once a key is set, the ledger takes snapshot"
              + " records only from approved builds.")
  static final class Approve extends LedgerCommand {
    @Option(names = "--build", required = true, description = "The signed build file.")
    Path build;

    @Override
    protected void run(LedgerClient ledger, Output out) {
      SignedFirmwareBuild signed;
      try {
        signed = FirmwareBuild.read(build);
      } catch (IOException e) {
        throw new LedgerException(ErrorCode.MALFORMED_ARGUMENT, e.getMessage());
      }
      out.record(
          FirmwareClient.of(ledger)
              .approveFirmware(ApproveFirmwareRequest.newBuilder().setBuild(signed).build()));
    }
  }

  @Command(name = "revoke", description = "Secretariat: revoke an approved build.")
  static final class Revoke extends LedgerCommand {
    @Option(names = "--measurement", required = true, description = "The build's hex measurement.")
    String measurement;

    @Override
    protected void run(LedgerClient ledger, Output out) {
      ByteString bytes;
      try {
        bytes = ByteString.copyFrom(HEX.parseHex(measurement));
      } catch (IllegalArgumentException e) {
        throw new LedgerException(ErrorCode.MALFORMED_ARGUMENT, "--measurement is not hex");
      }
      out.record(
          FirmwareClient.of(ledger)
              .revokeFirmware(RevokeFirmwareRequest.newBuilder().setMeasurement(bytes).build()));
    }
  }

  @Command(name = "builds", description = "The treaty firmware key and the approved builds.")
  static final class Builds extends LedgerCommand {
    @Override
    protected void run(LedgerClient ledger, Output out) {
      FirmwareRegistry registry = FirmwareClient.of(ledger).firmwareRegistry();
      List<List<String>> rows = new ArrayList<>();
      for (ApprovedFirmware build : registry.getBuildsList()) {
        rows.add(
            List.of(
                HEX.formatHex(build.getMeasurement().toByteArray()),
                build.getName(),
                Long.toUnsignedString(build.getSecurityVersion()),
                build.getRevoked() ? "revoked" : "approved"));
      }
      out.table(registry, List.of("measurement", "name", "security_version", "status"), rows);
      if (!out.json() && !registry.hasKey()) {
        out.line("no treaty firmware key set: records of unmeasured firmware are still accepted");
      }
    }
  }

  /** Reads a build file and checks it against the treaty key the chip's boot ROM holds. */
  static FirmwareBuild verified(Path build, Path treatyKey) throws IOException {
    try {
      return FirmwareBuild.verify(FirmwareBuild.read(build), AckSignatures.publicKey(treatyKey));
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new UncheckedIOException(new IOException("--treaty-key: " + e.getMessage(), e));
    }
  }
}
