package org.chipledger.pol.ledger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.chipledger.proto.ledger.v1.RunVerdict;

/**
 * Answers one verification request, whichever ledger it came from: a decided run is skipped, a run
 * without a transcript directory is left for a manual verification, the rest are verified and their
 * verdicts recorded.
 */
final class RequestHandler {
  private final LedgerVerification verification;
  private final Path transcripts;

  RequestHandler(LedgerVerification verification, Path transcripts) {
    this.verification = verification;
    this.transcripts = transcripts.toAbsolutePath().normalize();
  }

  VerificationDaemon.Handled handle(String runId) throws IOException {
    Optional<RunVerdict> existing = verification.existingVerdict(runId);
    if (existing.isPresent()) {
      return new VerificationDaemon.AlreadyDecided(runId, existing.get());
    }
    // Run ids may hold '/' and '.', so a crafted id must not lead outside the transcripts.
    Path dir = transcripts.resolve(runId).normalize();
    if (!dir.startsWith(transcripts) || dir.equals(transcripts) || !Files.isDirectory(dir)) {
      return new VerificationDaemon.NoTranscript(runId, dir);
    }
    return new VerificationDaemon.Verified(runId, verification.verifyAndRecord(runId, dir));
  }
}
