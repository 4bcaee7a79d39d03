package org.chipledger.chaincode.ledger;

import java.util.Arrays;
import java.util.Optional;

/**
 * Stable error codes for every rejection, shared by the chaincode and both ledger backends.
 *
 * <p>Fabric gateway clients see only an error's message, so each message starts with the code's
 * name followed by ": " ({@link #format}); {@link #parse} recovers the code on the client side. The
 * numeric value is the CLI's exit code group and never changes once released.
 */
public enum ErrorCode {
  MALFORMED_ARGUMENT(10),
  UNAUTHORIZED_ROLE(11),
  UNKNOWN_ORGANIZATION(12),
  IDENTITY_MISMATCH(13),
  NOT_CONSORTIUM_ADMIN(14),
  /**
   * The embedded ledger's verification queue is full: the transaction was not looked at and changed
   * nothing; retry later.
   */
  LEDGER_BUSY(18),
  POLICY_NOT_SET(20),
  POLICY_ALREADY_SET(21),
  INVALID_POLICY(22),
  ORGANIZATION_EXISTS(23),
  /**
   * A run declared with a manifest hash another run already declared: one transcript proves at most
   * one run.
   */
  MANIFEST_ALREADY_DECLARED(24),
  // Issue 21, location attestation (25-28).
  /** No landmark with that id is on the ledger. */
  LANDMARK_NOT_FOUND(25),
  /**
   * A location attestation whose nonce was recorded before, whose chip counter does not exceed the
   * chip's last, or whose measurement time lies outside the freshness window.
   */
  ATTESTATION_REPLAYED(26),
  /** The landmark's or the chip's signature over an attestation does not verify. */
  ATTESTATION_SIGNATURE_INVALID(27),
  /** A landmark with that id is already registered. */
  LANDMARK_EXISTS(28),
  CHIP_NOT_FOUND(30),
  DUPLICATE_SERIAL(31),
  LOT_TOO_LARGE(32),
  LOT_EXISTS(33),
  INVALID_CHIP_KEY(34),
  /** An anchored embedded tip whose header is not signed by the ledger's registered node key. */
  ANCHOR_SIGNATURE_INVALID(35),
  /** An anchored tip names another node key than the one registered for its ledger id. */
  ANCHOR_KEY_MISMATCH(36),
  /** An anchored tip at or below the height last anchored for its ledger (a replay or rollback). */
  ANCHOR_NOT_ADVANCING(37),
  /**
   * An anchored tip that forks from the anchored chain (same height, or next block, other hash).
   */
  ANCHOR_FORK(38),
  /** No tip is anchored for the ledger id. */
  ANCHOR_NOT_FOUND(39),
  NOT_HOLDER(40),
  CHIP_NOT_AVAILABLE(41),
  TERMINAL_STATE(42),
  TRANSFER_NOT_FOUND(43),
  TRANSFER_EXISTS(44),
  WRONG_RECEIVER(45),
  INVALID_TRANSFER_STATE(46),
  LICENCE_REQUIRED(47),
  SELF_TRANSFER(48),
  CUSTOMS_WRONG_COUNTRY(50),
  SITE_NOT_FOUND(60),
  SITE_EXISTS(61),
  WRONG_COUNTRY(62),
  NOT_SITE_OPERATOR(63),
  // Issue 16 item 4, signed firmware (64-69).
  /** A snapshot record names a firmware build the secretariat has not approved, or revoked. */
  FIRMWARE_NOT_APPROVED(64),
  /** A snapshot record's firmware security version is below the chip's last one. */
  FIRMWARE_ROLLBACK(65),
  /** A firmware build whose manifest the treaty firmware key did not sign. */
  FIRMWARE_SIGNATURE_INVALID(66),
  /** A build is approved before the secretariat set the treaty firmware key. */
  FIRMWARE_KEY_NOT_SET(67),
  /** The build is already approved. */
  FIRMWARE_BUILD_EXISTS(68),
  /** No approved build has that measurement. */
  FIRMWARE_NOT_FOUND(69),
  SNAPSHOT_SIGNATURE_INVALID(70),
  SNAPSHOT_REPLAYED(71),
  SNAPSHOT_COUNTER_GAP(72),
  SNAPSHOT_CHAIN_BROKEN(73),
  SNAPSHOT_OUT_OF_ORDER(74),
  CHIP_NOT_DEPLOYED_HERE(75),
  SNAPSHOT_BATCH_EXISTS(76),
  SNAPSHOT_BATCH_TOO_LARGE(78),
  SNAPSHOT_NOT_FOUND(79),
  RUN_EXISTS(80),
  RUN_NOT_FOUND(81),
  VERDICT_EXISTS(82),
  VERIFICATION_PENDING(83),
  VERDICT_NOT_FOUND(84),
  VERIFICATION_NOT_FOUND(85),
  SELECTION_ALREADY_COMMITTED(86),
  SELECTION_NOT_COMMITTED(87),
  SELECTION_REVEAL_MISMATCH(88),
  BAD_SIGNATURE(90),
  UNTRUSTED_IDENTITY(91),
  DUPLICATE_TRANSACTION(92),
  LEDGER_UNAVAILABLE(93),
  UNKNOWN_FUNCTION(94),
  ENDORSEMENT_FAILED(95),
  /** The embedded block log is shorter than, or forks from, an exported chain anchor. */
  ANCHOR_MISMATCH(96),
  /** The embedded ledger's state store is missing or unreadable; rebuild it from the block log. */
  STATE_STORE_UNAVAILABLE(97),
  /** A block of the embedded block log is unreadable or inconsistent; nothing is truncated. */
  BLOCK_LOG_CORRUPT(98),
  INTERNAL(99),
  CAMPAIGN_NOT_FOUND(100),
  CAMPAIGN_EXISTS(101),
  CAMPAIGN_STATE(102),
  SEED_MISMATCH(103),
  NOT_CAMPAIGN_PARTY(104),
  CHIP_NOT_SAMPLED(105),
  FINDING_EXISTS(106),
  COMMITMENT_REUSED(107),
  NOTHING_TO_SAMPLE(108),
  RUN_NOT_FLAGGED(109),
  /** A report period that ends before it starts. */
  INVALID_PERIOD(110),
  // 111 was EVENTS_UNAVAILABLE, for reports the Fabric backend could not replay; both backends
  // replay now. Released codes keep their meaning, so 111 stays unused.
  // The dashboard's HTTP guard (client only): 403 for a read-only dashboard or a request from a
  // foreign Host, 401 for the inspector action without the start's token.
  DASHBOARD_READ_ONLY(115),
  DASHBOARD_TOKEN_MISSING(116),
  DASHBOARD_TOKEN_INVALID(117),
  DASHBOARD_FOREIGN_HOST(118),
  // Issue 17. Every number stays within 10..125: a process exit status keeps only the low 8 bits,
  // and shells give 126 and above their own meanings.
  /** A holder reports found a chip that an inspector's finding marked missing. */
  MISSING_MARK_NOT_HOLDERS(49),
  /** Seized chips are released by another customs agency than the one that seized them. */
  NOT_SEIZING_CUSTOMS(51),
  /** A proposal's timestamp lies outside the skew window of the embedded ledger's clock. */
  PROPOSAL_TIME_SKEW(89),
  /** An inspector clears a missing mark without a finding of its own campaign that set it. */
  NO_MISSING_FINDING(111),
  /** A campaign opened without the seed escrow the policy asks for. */
  ESCROW_REQUIRED(112),
  /** The secretariat reveals before the inspector's reveal deadline, or without leave to. */
  REVEAL_NOT_DUE(113),
  /**
   * A selection commitment or verdict from an organisation the policy does not name as Verifier.
   */
  NOT_THE_VERIFIER(114),
  /** An honest verdict that replayed fewer segments than the policy's minimum. */
  REPLAY_BELOW_MINIMUM(119),
  /** A run id already seen in snapshots of another operator's site cannot be declared. */
  RUN_ID_TAKEN(120),
  /** The run already has an application for approval above H. */
  APPROVAL_EXISTS(121),
  /** No application for approval names the run. */
  APPROVAL_NOT_FOUND(122),
  /** The application was already approved or refused. */
  APPROVAL_DECIDED(123),
  /** A transfer names a licence that is not on the ledger. */
  LICENCE_NOT_FOUND(52),
  /** The licence expired before the transaction's time. */
  LICENCE_EXPIRED(53),
  /** The issuing authority revoked the licence. */
  LICENCE_REVOKED(54),
  /** The licence's quantity left does not cover the shipment's controlled chips. */
  LICENCE_EXHAUSTED(55),
  /**
   * The licence does not cover the shipment: another exporting country (so another authority),
   * exporter, destination, or chip model and TPP.
   */
  LICENCE_MISMATCH(56),
  /** A licence with this id was already issued. */
  LICENCE_EXISTS(57),
  /** A chip or licence names a model that is not in the secretariat's registry. */
  MODEL_NOT_REGISTERED(58),
  /**
   * A chip's declared TPP differs from its registered model's, or a model is registered again with
   * other figures.
   */
  MODEL_MISMATCH(59);

  private final int number;

  ErrorCode(int number) {
    this.number = number;
  }

  /** The stable numeric value of this code. */
  public int number() {
    return number;
  }

  /** Renders the wire form of an error message: {@code CODE: detail}. */
  public String format(String detail) {
    return name() + ": " + detail;
  }

  /** Recovers the code from an error message, wherever in the message it appears first. */
  public static Optional<ErrorCode> parse(String message) {
    if (message == null) {
      return Optional.empty();
    }
    return Arrays.stream(values())
        .filter(c -> message.contains(c.name() + ": "))
        .min(
            (a, b) ->
                Integer.compare(
                    message.indexOf(a.name() + ": "), message.indexOf(b.name() + ": ")));
  }
}
