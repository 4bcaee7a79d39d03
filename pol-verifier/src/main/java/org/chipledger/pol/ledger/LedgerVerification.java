package org.chipledger.pol.ledger;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.crypto.Sha256;
import org.chipledger.pol.transcript.SnapshotClaim;
import org.chipledger.pol.verify.CheckName;
import org.chipledger.pol.verify.ChipTimeline;
import org.chipledger.pol.verify.SelectionBeacon;
import org.chipledger.pol.verify.Verdict;
import org.chipledger.pol.verify.VerificationRequest;
import org.chipledger.pol.verify.Verifier;
import org.chipledger.pol.verify.VerifierPolicy;
import org.chipledger.proto.ledger.v1.CommitSelectionRequest;
import org.chipledger.proto.ledger.v1.RecordVerdictRequest;
import org.chipledger.proto.ledger.v1.RunSnapshots;
import org.chipledger.proto.ledger.v1.RunVerdict;
import org.chipledger.proto.ledger.v1.RunView;
import org.chipledger.proto.ledger.v1.SelectionCommitment;

/**
 * Verifies a run's transcript against the ledger and records the verdict: the run's manifest hash
 * on the ledger is check 1's commitment, the chip snapshots the ledger holds under the run id are
 * check 6's claims, the report is written next to the transcript, and its SHA-256 is the verdict's
 * evidence hash.
 */
public final class LedgerVerification {
  /** Suffix of the report file written beside a transcript directory. */
  public static final String REPORT_SUFFIX = ".report.txt";

  private final LedgerClient inspectorate;
  private final VerifierPolicy policy;
  private final SelectionSecrets secrets;

  /**
   * Verifies with {@code policy} and records as {@code inspectorate}, the Verifier's identity,
   * keeping its selection secrets in {@code secrets}.
   */
  public LedgerVerification(
      LedgerClient inspectorate, VerifierPolicy policy, SelectionSecrets secrets) {
    this.inspectorate = inspectorate;
    this.policy = policy;
    this.secrets = secrets;
  }

  /** A verification and what it left behind. */
  public record Outcome(Verdict verdict, RunVerdict recorded, Path report) {}

  /**
   * Verifies {@code transcriptDir} as run {@code runId}, writes the report and records the verdict.
   * Before reading the transcript it commits to its selection secret on the ledger (or finds its
   * own earlier commitment); the verdict reveals the secret. The ledger rejects a second verdict
   * for the run (VERDICT_EXISTS).
   */
  public Outcome verifyAndRecord(String runId, Path transcriptDir) throws IOException {
    // Fail before the costly replay; the chaincode still refuses a second verdict on its own.
    Optional<RunVerdict> existing = existingVerdict(runId);
    if (existing.isPresent()) {
      throw new LedgerException(
          ErrorCode.VERDICT_EXISTS,
          "run " + runId + " already has a verdict (tx " + existing.get().getTxId() + ")");
    }
    RunView view = inspectorate.run(runId);
    byte[] secret = committedSecret(runId);
    String beaconHex =
        Sha256.hex(SelectionBeacon.beacon(secret, view.hasRun() ? view.getRun().getTxId() : ""));
    // A run seen only in snapshots was never committed to: check 1 fails rather than skips.
    Optional<String> commitment =
        view.hasRun()
            ? Optional.of(Sha256.hex(view.getRun().getManifestHash().toByteArray()))
            : Optional.empty();
    RunSnapshots onLedger = inspectorate.runSnapshots(runId);
    VerificationRequest request =
        new VerificationRequest(
            commitment,
            true,
            beaconHex,
            claims(onLedger),
            view.hasRun()
                ? OptionalDouble.of(view.getRun().getDeclaredFlop())
                : OptionalDouble.empty(),
            ledgerThreshold(runId),
            view.hasRun()
                ? Optional.of(
                    new VerificationRequest.Declaration(
                        view.getRun().getRunId(), view.getRun().getChipSerialsList()))
                : Optional.empty(),
            Optional.of(timeline(onLedger, view)));
    // The ledger's Verifier rules (minimum replay, detection target) raise this Verifier's own.
    VerifierPolicy effective = policy.meeting(inspectorate.policy());
    Verdict verdict = verify(transcriptDir, request, effective);
    byte[] report = verdict.reportText().getBytes(StandardCharsets.UTF_8);
    Path reportFile = reportFile(transcriptDir);
    // The report takes its place only once its hash is on the ledger, so the file beside the
    // transcript always matches the recorded evidence.
    Path pending = reportFile.resolveSibling(reportFile.getFileName() + ".pending");
    Files.write(pending, report);
    RunVerdict recorded;
    try {
      recorded = record(runId, verdict, report, secret, effective);
    } catch (RuntimeException e) {
      Files.deleteIfExists(pending);
      throw e;
    }
    Files.move(
        pending, reportFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return new Outcome(verdict, recorded, reportFile);
  }

  /**
   * The job boundary: whatever a transcript makes the verification throw, even an {@link Error}
   * such as running out of memory, ends as an INVALID_TRANSCRIPT verdict, so that the daemon
   * records it and goes on to the next request.
   */
  @SuppressWarnings("CatchingUnchecked")
  private static Verdict verify(
      Path transcriptDir, VerificationRequest request, VerifierPolicy policy) {
    Verifier verifier = new Verifier(policy);
    try {
      return verifier.verify(transcriptDir, request);
    } catch (RuntimeException | Error e) {
      return verifier.refused(request, "the verification could not complete: " + e);
    }
  }

  /**
   * The distinct (step, weight hash) pairs the run's chips logged on the ledger. Chips that train
   * one run in data parallel hold the same weights at a step, so their records coincide.
   */
  public List<SnapshotClaim> snapshots(String runId) {
    return claims(inspectorate.runSnapshots(runId));
  }

  private static List<SnapshotClaim> claims(RunSnapshots onLedger) {
    return onLedger.getSnapshotsList().stream()
        .map(
            s ->
                new SnapshotClaim(
                    // A step past any transcript fails check 6 as "after the last step".
                    (int) Math.min(Integer.MAX_VALUE, s.getTrainingStep()),
                    s.getWeightHash().toByteArray()))
        .distinct()
        .sorted(java.util.Comparator.comparingInt(SnapshotClaim::step))
        .toList();
  }

  /**
   * When the run's chips snapshotted, for check 6's pace and chip-time tests: every record, the
   * declared chip count (or the chips seen, for an undeclared run) and the busy FLOPs the ledger
   * accounts to the run.
   */
  private static ChipTimeline timeline(RunSnapshots onLedger, RunView view) {
    List<ChipTimeline.Entry> entries =
        onLedger.getSnapshotsList().stream()
            .map(
                s ->
                    new ChipTimeline.Entry(
                        s.getChipSerial(),
                        s.getCounter(),
                        s.getTrainingStep(),
                        Instant.ofEpochSecond(
                            s.getChipTime().getSeconds(), s.getChipTime().getNanos())))
            .toList();
    int chips =
        view.hasRun() && view.getRun().getChipSerialsCount() > 0
            ? view.getRun().getChipSerialsCount()
            : (int) Math.max(1, entries.stream().map(ChipTimeline.Entry::chip).distinct().count());
    double busy = view.getActivity().getBusyFlop();
    return new ChipTimeline(entries, chips, busy > 0 && Double.isFinite(busy) ? busy : 0);
  }

  /** The run's verdict, if one is recorded. */
  public Optional<RunVerdict> existingVerdict(String runId) {
    try {
      return Optional.of(inspectorate.verdict(runId));
    } catch (LedgerException e) {
      if (e.code() == ErrorCode.VERDICT_NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * The secret whose commitment is on the ledger for the run: committed now, or committed by an
   * earlier attempt of this Verifier that stopped before its verdict.
   */
  private byte[] committedSecret(String runId) throws IOException {
    byte[] secret = secrets.secretFor(runId);
    byte[] commitment = SelectionBeacon.commitment(secret);
    Optional<SelectionCommitment> existing;
    try {
      existing = Optional.of(inspectorate.selectionCommitment(runId));
    } catch (LedgerException e) {
      if (e.code() != ErrorCode.SELECTION_NOT_COMMITTED) {
        throw e;
      }
      existing = Optional.empty();
    }
    if (existing.isEmpty()) {
      inspectorate.commitSelection(
          CommitSelectionRequest.newBuilder()
              .setRunId(runId)
              .setCommitment(ByteString.copyFrom(commitment))
              .build());
    } else if (!Arrays.equals(existing.get().getCommitment().toByteArray(), commitment)) {
      throw new LedgerException(
          ErrorCode.SELECTION_REVEAL_MISMATCH,
          "run "
              + runId
              + "'s selection commitment (tx "
              + existing.get().getTxId()
              + ") is not to this Verifier's kept secret; it cannot be revealed");
    }
    return secret;
  }

  private RunVerdict record(
      String runId, Verdict verdict, byte[] report, byte[] secret, VerifierPolicy policy) {
    return inspectorate.recordVerdict(
        RecordVerdictRequest.newBuilder()
            .setRunId(runId)
            .setHonest(verdict.passed())
            .addAllFailedChecks(verdict.failedChecks().stream().map(CheckName::name).toList())
            .setEvidenceHash(ByteString.copyFrom(Sha256.of(report)))
            .setSummary(summary(verdict))
            .setEpsilon(policy.epsilon())
            .setSelectionSecret(ByteString.copyFrom(secret))
            // The segment counts the selection used: with the secret, anyone re-derives it, and
            // the ledger holds an honest verdict to the policy's minimum replay.
            .setTopQ(policy.topQ())
            .setRandomSegments(policy.randomSegments())
            .setFinalCheckpointHash(
                ByteString.copyFrom(Sha256.parseHex(verdict.finalCheckpointHex())))
            .build());
  }

  /** Where the report of the transcript in {@code transcriptDir} goes: beside the directory. */
  public static Path reportFile(Path transcriptDir) {
    Path absolute = transcriptDir.toAbsolutePath().normalize();
    return absolute.resolveSibling(absolute.getFileName() + REPORT_SUFFIX);
  }

  private static String summary(Verdict verdict) {
    String failed =
        verdict.failedChecks().isEmpty()
            ? "no check failed"
            : "failed: "
                + verdict.failedChecks().stream()
                    .map(CheckName::name)
                    .collect(Collectors.joining(", "));
    return String.format(
        Locale.ROOT,
        "%s; %s; replayed %d of %d steps; transcript run id %s",
        verdict.outcome(),
        failed,
        verdict.replayedSteps(),
        verdict.trainedSteps(),
        verdict.runId());
  }

  /** H in force when the run started, by the ledger's schedule; empty if the ledger has none. */
  private OptionalDouble ledgerThreshold(String runId) {
    double h = inspectorate.runCompliance(runId).getThresholdFlop();
    return h > 0 ? OptionalDouble.of(h) : OptionalDouble.empty();
  }
}
