package org.chipledger.chaincode.firmware;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.chipledger.chaincode.ledger.Checks;
import org.chipledger.chaincode.ledger.CompositeKeys;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.ledger.LedgerState;
import org.chipledger.chaincode.ledger.Records;
import org.chipledger.chaincode.ledger.RuleViolation;
import org.chipledger.chaincode.membership.Membership;
import org.chipledger.chaincode.policy.Policies;
import org.chipledger.crypto.Sha256;
import org.chipledger.proto.ledger.v1.ApproveFirmwareRequest;
import org.chipledger.proto.ledger.v1.ApprovedFirmware;
import org.chipledger.proto.ledger.v1.FirmwareKey;
import org.chipledger.proto.ledger.v1.FirmwareManifest;
import org.chipledger.proto.ledger.v1.FirmwareRegistry;
import org.chipledger.proto.ledger.v1.RevokeFirmwareRequest;
import org.chipledger.proto.ledger.v1.SetFirmwareKeyRequest;
import org.chipledger.proto.ledger.v1.SignedFirmwareBuild;
import org.chipledger.proto.ledger.v1.SnapshotRecord;

/**
 * The firmware builds chips may run (paper fn 6, 10-12): the secretariat sets the treaty firmware
 * key and approves builds that key signed. Once the key is set, every snapshot record must name an
 * approved, unrevoked build with its own security version; before that, the ledger takes records of
 * unmeasured firmware as it always did, so ledgers from before signed firmware stay valid.
 */
public final class FirmwareBuilds {
  private static final String KEY = CompositeKeys.of("fwkey", "current");
  private static final String BUILD = "fwbuild";
  private static final HexFormat HEX = HexFormat.of();

  private FirmwareBuilds() {}

  /** Sets (or rotates) the treaty firmware key; only the consortium's secretariat may. */
  public static FirmwareKey setKey(LedgerState state, SetFirmwareKeyRequest request) {
    Policies.requireConsortiumAdmin(state);
    requireP256(request.getPublicKey());
    FirmwareKey key =
        FirmwareKey.newBuilder()
            .setPublicKey(request.getPublicKey())
            .setSetAt(state.txTime())
            .setTxId(state.txId())
            .build();
    state.put(KEY, key.toByteArray());
    return key;
  }

  /** Approves a build the treaty firmware key signed; only the secretariat may. */
  public static ApprovedFirmware approve(LedgerState state, ApproveFirmwareRequest request) {
    Policies.requireConsortiumAdmin(state);
    FirmwareKey key =
        key(state)
            .orElseThrow(
                () ->
                    new RuleViolation(
                        ErrorCode.FIRMWARE_KEY_NOT_SET,
                        "the secretariat has not set the treaty firmware key"));
    SignedFirmwareBuild build = request.getBuild();
    Checks.require(
        signedBy(key.getPublicKey(), build),
        ErrorCode.FIRMWARE_SIGNATURE_INVALID,
        "the build's manifest is not signed by the treaty firmware key");
    FirmwareManifest manifest = manifest(build);
    ByteString measurement = measurement(build);
    Checks.require(
        find(state, measurement).isEmpty(),
        ErrorCode.FIRMWARE_BUILD_EXISTS,
        "build " + HEX.formatHex(measurement.toByteArray()) + " is already on the ledger");
    ApprovedFirmware approved =
        ApprovedFirmware.newBuilder()
            .setMeasurement(measurement)
            .setName(manifest.getName())
            .setSecurityVersion(manifest.getSecurityVersion())
            .setCodeHash(manifest.getCodeHash())
            .setApprovedAt(state.txTime())
            .setTxId(state.txId())
            .build();
    state.put(buildKey(measurement), approved.toByteArray());
    return approved;
  }

  /** Revokes an approved build: its later records are refused. Only the secretariat may. */
  public static ApprovedFirmware revoke(LedgerState state, RevokeFirmwareRequest request) {
    Policies.requireConsortiumAdmin(state);
    ApprovedFirmware build =
        find(state, request.getMeasurement())
            .orElseThrow(
                () ->
                    new RuleViolation(
                        ErrorCode.FIRMWARE_NOT_FOUND,
                        "no build "
                            + HEX.formatHex(request.getMeasurement().toByteArray())
                            + " is on the ledger"));
    ApprovedFirmware revoked =
        build.toBuilder().setRevoked(true).setRevokedAt(state.txTime()).build();
    state.put(buildKey(build.getMeasurement()), revoked.toByteArray());
    return revoked;
  }

  /** The key and every build on the ledger, for any member. */
  public static FirmwareRegistry registry(LedgerState state) {
    Membership.requireMember(state);
    FirmwareRegistry.Builder registry = FirmwareRegistry.newBuilder();
    key(state).ifPresent(registry::setKey);
    registry.addAllBuilds(
        Records.parseAll(state.scanAll(BUILD, java.util.List.of()), ApprovedFirmware.parser()));
    return registry.build();
  }

  /** The measurement of a build: SHA-256 of its exact manifest bytes. */
  public static ByteString measurement(SignedFirmwareBuild build) {
    return ByteString.copyFrom(Sha256.of(build.getManifest().toByteArray()));
  }

  /** The treaty firmware key, once the secretariat has set it. */
  public static Optional<FirmwareKey> key(LedgerState state) {
    return Records.load(state, KEY, FirmwareKey.parser());
  }

  private static Optional<ApprovedFirmware> find(LedgerState state, ByteString measurement) {
    Checks.require(
        measurement.size() == 32,
        ErrorCode.MALFORMED_ARGUMENT,
        "a firmware measurement is 32 bytes, not " + measurement.size());
    return Records.load(state, buildKey(measurement), ApprovedFirmware.parser());
  }

  private static FirmwareManifest manifest(SignedFirmwareBuild build) {
    try {
      FirmwareManifest manifest = FirmwareManifest.parseFrom(build.getManifest());
      Checks.require(
          !manifest.getName().isBlank() && manifest.getCodeHash().size() == 32,
          ErrorCode.MALFORMED_ARGUMENT,
          "a firmware manifest has a name and a 32-byte code hash");
      return manifest;
    } catch (InvalidProtocolBufferException e) {
      throw new RuleViolation(
          ErrorCode.MALFORMED_ARGUMENT, "firmware manifest does not parse: " + e.getMessage());
    }
  }

  /** A valid SHA256withECDSA signature over the manifest bytes by the DER key (Bouncy Castle). */
  private static boolean signedBy(ByteString derKey, SignedFirmwareBuild build) {
    try {
      java.security.Provider bc = new org.bouncycastle.jce.provider.BouncyCastleProvider();
      java.security.Signature verifier = java.security.Signature.getInstance("SHA256withECDSA", bc);
      verifier.initVerify(
          KeyFactory.getInstance("EC", bc)
              .generatePublic(new X509EncodedKeySpec(derKey.toByteArray())));
      verifier.update(build.getManifest().toByteArray());
      return verifier.verify(build.getSignature().toByteArray());
    } catch (GeneralSecurityException | RuntimeException e) {
      // A malformed DER signature is a bad signature, not a crash of the transaction.
      return false;
    }
  }

  private static void requireP256(ByteString der) {
    Checks.p256Key(der, "the treaty firmware key");
  }

  private static String buildKey(ByteString measurement) {
    return CompositeKeys.of(BUILD, HEX.formatHex(measurement.toByteArray()));
  }

  /**
   * The same check as {@link Gate#requireApproved} against a registry read from the ledger: what
   * the snapshot agent runs to find the records a refused batch must drop.
   */
  public static void requireApproved(FirmwareRegistry registry, SnapshotRecord record) {
    if (registry.hasKey()) {
      judge(
          record,
          registry.getBuildsList().stream()
              .filter(b -> b.getMeasurement().equals(record.getFirmwareMeasurement()))
              .findFirst());
    }
  }

  private static void judge(SnapshotRecord record, Optional<ApprovedFirmware> build) {
    String which = "chip " + record.getChipSerial() + " record #" + record.getCounter();
    ByteString measurement = record.getFirmwareMeasurement();
    Checks.require(
        measurement.size() == 32,
        ErrorCode.FIRMWARE_NOT_APPROVED,
        which + ": names no firmware measurement; only approved builds may log");
    String hex = HEX.formatHex(measurement.toByteArray());
    Checks.require(
        build.isPresent() && !build.get().getRevoked(),
        ErrorCode.FIRMWARE_NOT_APPROVED,
        which + ": firmware " + hex + " is " + (build.isPresent() ? "revoked" : "not approved"));
    Checks.require(
        build.get().getSecurityVersion() == record.getSecurityVersion(),
        ErrorCode.FIRMWARE_NOT_APPROVED,
        which
            + ": firmware "
            + hex
            + " has security version "
            + build.get().getSecurityVersion()
            + ", not "
            + record.getSecurityVersion());
  }

  /**
   * Checks the firmware a batch's records name, remembering each build it looked up: a batch holds
   * many records of few builds.
   */
  public static final class Gate {
    private final LedgerState state;
    private final boolean enforced;
    private final Map<ByteString, Optional<ApprovedFirmware>> seen = new HashMap<>();

    /** A gate over {@code state}'s registry; it lets everything pass until a key is set. */
    public Gate(LedgerState state) {
      this.state = state;
      this.enforced = key(state).isPresent();
    }

    /** Refuses a record whose build is not approved, revoked, or of another security version. */
    public void requireApproved(SnapshotRecord record) {
      if (enforced) {
        ByteString measurement = record.getFirmwareMeasurement();
        judge(
            record,
            measurement.size() != 32
                ? Optional.empty()
                : seen.computeIfAbsent(
                    measurement, m -> Records.load(state, buildKey(m), ApprovedFirmware.parser())));
      }
    }
  }
}
