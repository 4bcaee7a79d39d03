package org.chipledger.firmware;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import org.chipledger.client.identity.EcdsaSignatures;
import org.chipledger.crypto.Sha256;
import org.chipledger.proto.ledger.v1.FirmwareManifest;
import org.chipledger.proto.ledger.v1.SignedFirmwareBuild;

/**
 * A firmware build the boot ROM checked: its manifest carries the treaty firmware key's signature,
 * and its measurement (SHA-256 of the manifest bytes) is what every record of the chip names.
 */
public record FirmwareBuild(
    SignedFirmwareBuild signed, FirmwareManifest manifest, ByteString measurement) {

  /** Builds files are a few hundred bytes; the bound keeps a garbled file from filling memory. */
  private static final long MAX_FILE = 64 * 1024;

  /** Checks {@code signed} against the treaty firmware key the boot ROM holds. */
  public static FirmwareBuild verify(SignedFirmwareBuild signed, PublicKey treatyKey)
      throws FirmwareBootException {
    FirmwareManifest manifest;
    try {
      manifest = FirmwareManifest.parseFrom(signed.getManifest());
    } catch (InvalidProtocolBufferException e) {
      throw new FirmwareBootException(
          FirmwareBootException.Reason.NOT_SIGNED, "the manifest does not parse");
    }
    boolean valid;
    try {
      Signature verifier = Signature.getInstance("SHA256withECDSA");
      verifier.initVerify(treatyKey);
      verifier.update(signed.getManifest().toByteArray());
      valid = verifier.verify(signed.getSignature().toByteArray());
    } catch (GeneralSecurityException | RuntimeException e) {
      valid = false;
    }
    if (!valid || manifest.getName().isBlank()) {
      throw new FirmwareBootException(
          FirmwareBootException.Reason.NOT_SIGNED,
          "build '" + manifest.getName() + "' is not signed by the treaty firmware key");
    }
    return new FirmwareBuild(
        signed, manifest, ByteString.copyFrom(Sha256.of(signed.getManifest().toByteArray())));
  }

  /** The treaty's side: signs a manifest with the treaty firmware key. */
  public static SignedFirmwareBuild sign(FirmwareManifest manifest, PrivateKey treatyKey) {
    byte[] bytes = manifest.toByteArray();
    return SignedFirmwareBuild.newBuilder()
        .setManifest(ByteString.copyFrom(bytes))
        .setSignature(ByteString.copyFrom(EcdsaSignatures.sign(treatyKey, bytes)))
        .build();
  }

  /** Reads a build file (a serialised {@link SignedFirmwareBuild}). */
  public static SignedFirmwareBuild read(Path file) throws IOException {
    if (Files.size(file) > MAX_FILE) {
      throw new IOException(file + " is larger than any firmware build file");
    }
    try {
      return SignedFirmwareBuild.parseFrom(Files.readAllBytes(file));
    } catch (InvalidProtocolBufferException e) {
      throw new IOException(file + " is not a firmware build: " + e.getMessage(), e);
    }
  }

  public long securityVersion() {
    return manifest.getSecurityVersion();
  }

  public String name() {
    return manifest.getName();
  }
}
