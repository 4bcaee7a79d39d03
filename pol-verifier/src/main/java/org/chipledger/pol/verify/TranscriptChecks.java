package org.chipledger.pol.verify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.chipledger.crypto.MerkleTree;
import org.chipledger.crypto.Sha256;
import org.chipledger.pol.model.Initializer;
import org.chipledger.pol.transcript.RunPlan;
import org.chipledger.pol.transcript.Transcript;
import org.chipledger.pol.transcript.TranscriptException;

/**
 * The checks that need no replay: the transcript loads, its manifest is the one committed on the
 * ledger, its batches are the committed data and its first checkpoint is the seeded initialisation.
 */
final class TranscriptChecks {
  private TranscriptChecks() {}

  static CheckResult loaded(Transcript transcript) {
    return new CheckResult.Passed(
        CheckName.TRANSCRIPT,
        String.format(
            Locale.ROOT,
            "%d checkpoints and %d batches load; every checkpoint file matches its SHA-256",
            transcript.checkpointCount(),
            transcript.steps()));
  }

  static CheckResult commitment(RunContext run) {
    VerificationRequest request = run.request();
    String actual = Sha256.hex(run.transcript().manifestHash());
    if (request.commitmentHex().isEmpty() && request.commitmentRequired()) {
      return new CheckResult.Failed(
          CheckName.COMMITMENT,
          "the ledger holds no commitment for this run (never declared); manifest hash is "
              + actual);
    }
    if (request.commitmentHex().isEmpty()) {
      return new CheckResult.Skipped(
          CheckName.COMMITMENT, "no ledger commitment given; manifest hash is " + actual);
    }
    Optional<String> unbound = declarationMismatch(run);
    if (unbound.isPresent()) {
      return new CheckResult.Failed(CheckName.COMMITMENT, unbound.get());
    }
    String expected = request.commitmentHex().get().toLowerCase(Locale.ROOT);
    if (expected.equals(actual)) {
      return new CheckResult.Passed(CheckName.COMMITMENT, "manifest hash equals the commitment");
    }
    // A run declared before training commits to its plan: the manifest without checkpoints.
    String plan = Sha256.hex(RunPlan.hash(run.manifest()));
    return expected.equals(plan)
        ? new CheckResult.Passed(
            CheckName.COMMITMENT,
            "the manifest's plan hash equals the commitment made before training")
        : new CheckResult.Failed(
            CheckName.COMMITMENT,
            "manifest hash " + actual + " (plan " + plan + ") != commitment " + expected);
  }

  /** Why the manifest is not the declared run's, if it is not: its run id or its chips differ. */
  private static Optional<String> declarationMismatch(RunContext run) {
    if (run.request().declaration().isEmpty()) {
      return Optional.empty();
    }
    VerificationRequest.Declaration declared = run.request().declaration().get();
    String runId = run.manifest().getRunId();
    if (!runId.equals(declared.runId())) {
      return Optional.of(
          "the manifest names run '"
              + runId
              + "', the ledger declaration run '"
              + declared.runId()
              + "': the transcript is not this run's");
    }
    Set<String> chips = new TreeSet<>(run.manifest().getChipIdsList());
    Set<String> declaredChips = new TreeSet<>(declared.chipIds());
    if (!chips.equals(declaredChips)) {
      return Optional.of(
          "the manifest names chips "
              + chips
              + ", the ledger declaration chips "
              + declaredChips
              + ": the transcript is not this run's");
    }
    return Optional.empty();
  }

  static CheckResult dataCommitment(RunContext run) throws TranscriptException {
    Transcript transcript = run.transcript();
    List<byte[]> leaves = new ArrayList<>(transcript.steps());
    // A few MiB of batches at a time: only the leaf hashes are kept.
    int chunk = Math.max(1, (4 << 20) / transcript.batchBytes());
    for (int from = 0; from < transcript.steps(); from += chunk) {
      int to = Math.min(transcript.steps(), from + chunk);
      for (byte[] bytes : transcript.batchBytes(from, to)) {
        leaves.add(Sha256.of(bytes));
      }
    }
    byte[] root = MerkleTree.of(leaves).root();
    byte[] committed = run.manifest().getData().getMerkleRoot().toByteArray();
    return Arrays.equals(root, committed)
        ? new CheckResult.Passed(
            CheckName.DATA_COMMITMENT,
            "Merkle root over " + leaves.size() + " batch hashes equals the commitment")
        : new CheckResult.Failed(
            CheckName.DATA_COMMITMENT,
            "Merkle root over the supplied batches is "
                + Sha256.hex(root)
                + ", committed "
                + Sha256.hex(committed));
  }

  static CheckResult initialisation(RunContext run) {
    long seed = run.manifest().getSeeds().getInitSeed();
    byte[] expected = Initializer.initialize(run.transcript().spec(), seed).sha256();
    byte[] claimed = run.manifest().getCheckpoints(0).getSha256().toByteArray();
    return Arrays.equals(expected, claimed)
        ? new CheckResult.Passed(
            CheckName.INITIALISATION, "checkpoint 0 is bit-exactly the init of seed " + seed)
        : new CheckResult.Failed(
            CheckName.INITIALISATION,
            "checkpoint 0 is not the initialisation drawn from init seed " + seed);
  }
}
