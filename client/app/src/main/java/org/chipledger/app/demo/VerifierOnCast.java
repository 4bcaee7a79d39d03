package org.chipledger.app.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.chipledger.client.cast.Cast;
import org.chipledger.client.cast.EmbeddedCast;
import org.chipledger.client.cast.FabricCast;
import org.chipledger.pol.ledger.FabricVerificationDaemon;
import org.chipledger.pol.ledger.LedgerVerification;
import org.chipledger.pol.ledger.VerificationDaemon;

/**
 * The Verifier's daemon on the demo's backend: it answers every {@code VerificationRequested} event
 * by replaying the run's transcript and recording the verdict as the inspectorate.
 */
final class VerifierOnCast {
  private VerifierOnCast() {}

  /** Starts the daemon for {@code cast}'s ledger; closing the result stops it. */
  static AutoCloseable start(
      Cast cast,
      LedgerVerification verification,
      Path transcripts,
      Path checkpoint,
      Consumer<VerificationDaemon.Handled> observer)
      throws IOException {
    if (cast instanceof EmbeddedCast embedded) {
      VerificationDaemon daemon =
          VerificationDaemon.open(
              embedded.ledger(), verification, transcripts, checkpoint, observer);
      daemon.start();
      return daemon;
    }
    if (cast instanceof FabricCast fabric) {
      return FabricVerificationDaemon.start(
          fabric.network().connect(fabric.identity(ComputeChapter.VERIFIER)),
          verification,
          transcripts,
          checkpoint,
          observer);
    }
    throw new IllegalArgumentException("no Verifier daemon for " + cast.getClass().getName());
  }
}
