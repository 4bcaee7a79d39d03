package org.chipledger.pol.ledger;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.chipledger.client.fabric.EventStream;
import org.chipledger.client.fabric.FabricEvent;
import org.chipledger.client.fabric.FabricLedger;

/**
 * The verification daemon on a Fabric network: it answers the chaincode's {@code
 * VerificationRequested} events as {@link VerificationDaemon} does on the embedded ledger. The
 * event stream keeps its own durable checkpoint and records an event only after it was handled, so
 * a request that could not be completed stops the stream there and is delivered again on the next
 * start.
 */
public final class FabricVerificationDaemon implements AutoCloseable {
  private final RequestHandler handler;
  private final Consumer<VerificationDaemon.Handled> observer;
  private EventStream stream;

  private FabricVerificationDaemon(
      LedgerVerification verification,
      Path transcripts,
      Consumer<VerificationDaemon.Handled> observer) {
    this.handler = new RequestHandler(verification, transcripts);
    this.observer = observer;
  }

  /**
   * Starts answering the requests on {@code ledger}, resuming after the last event recorded in
   * {@code checkpointFile}, and tells {@code observer} what it did.
   */
  public static FabricVerificationDaemon start(
      FabricLedger ledger,
      LedgerVerification verification,
      Path transcripts,
      Path checkpointFile,
      Consumer<VerificationDaemon.Handled> observer) {
    FabricVerificationDaemon daemon =
        new FabricVerificationDaemon(verification, transcripts, observer);
    // Block 1 onwards when the checkpoint file is new: requests made before the daemon first ran.
    daemon.stream = ledger.events(checkpointFile, 1, daemon::accept);
    return daemon;
  }

  private void accept(FabricEvent event) {
    if (!event.event().hasVerificationRequested()) {
      return;
    }
    String runId = event.event().getVerificationRequested().getRunId();
    VerificationDaemon.Handled handled;
    try {
      handled = handler.handle(runId);
    } catch (IOException | RuntimeException | Error e) {
      handled = new VerificationDaemon.Failed(runId, e);
    }
    observer.accept(handled);
    if (handled instanceof VerificationDaemon.Failed failed) {
      // Thrown before the checkpoint: the stream stops here and a restart retries this request.
      throw new IllegalStateException(
          "verification of run " + runId + " failed; stopped before checkpointing it",
          failed.cause());
    }
  }

  @Override
  public void close() {
    stream.close();
  }
}
