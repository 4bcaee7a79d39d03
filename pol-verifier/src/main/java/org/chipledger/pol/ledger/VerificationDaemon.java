package org.chipledger.pol.ledger;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.chipledger.client.embedded.CommittedEvent;
import org.chipledger.client.embedded.EmbeddedLedger;
import org.chipledger.client.embedded.Subscription;
import org.chipledger.proto.ledger.v1.LedgerEvent;
import org.chipledger.proto.ledger.v1.RunVerdict;

/**
 * Answers the ledger's verification requests by itself: for each {@code VerificationRequested}
 * event it verifies {@code <transcripts>/<run id>/} and records the verdict. Its position in the
 * event stream is a durable {@link Checkpoint}, so after a restart it resumes where it stopped;
 * runs that already have a verdict (recorded just before a crash, or by hand) are skipped.
 *
 * <p>A request it cannot complete (ledger or disk error) stalls the daemon at that event, so that
 * the next start retries it instead of silently passing it by.
 */
public final class VerificationDaemon implements AutoCloseable {
  /** Event name of a verification request: the case name of the event's {@code kind}. */
  static final String REQUESTED = LedgerEvent.KindCase.VERIFICATION_REQUESTED.name();

  private final EmbeddedLedger ledger;
  private final RequestHandler handler;
  private final Path checkpointFile;
  private final Consumer<Handled> observer;
  // The fields below are touched only by the thread that delivers events.
  private Checkpoint done;
  private long currentBlock = -1;
  private int indexInBlock;
  private boolean stalled;
  private Subscription subscription;

  /** What the daemon did with one verification request. */
  public sealed interface Handled {
    /** The run the request named. */
    String runId();
  }

  /** Verified and recorded. */
  public record Verified(String runId, LedgerVerification.Outcome outcome) implements Handled {}

  /** The run already had a verdict; nothing was done. */
  public record AlreadyDecided(String runId, RunVerdict verdict) implements Handled {}

  /** No transcript directory for the run; left for a manual {@code verify --run}. */
  public record NoTranscript(String runId, Path expected) implements Handled {}

  /** The request could not be completed; the daemon stalls here until restarted. */
  public record Failed(String runId, Throwable cause) implements Handled {}

  private VerificationDaemon(
      EmbeddedLedger ledger,
      LedgerVerification verification,
      Path transcripts,
      Path checkpointFile,
      Consumer<Handled> observer,
      Checkpoint done) {
    this.ledger = ledger;
    this.handler = new RequestHandler(verification, transcripts);
    this.checkpointFile = checkpointFile;
    this.observer = observer;
    this.done = done;
  }

  /**
   * A daemon over {@code ledger} that records through {@code verification}, reading its position
   * from {@code checkpointFile} (absent: from the first block) and telling {@code observer} what it
   * did.
   */
  public static VerificationDaemon open(
      EmbeddedLedger ledger,
      LedgerVerification verification,
      Path transcripts,
      Path checkpointFile,
      Consumer<Handled> observer)
      throws IOException {
    return new VerificationDaemon(
        ledger,
        verification,
        transcripts,
        checkpointFile,
        observer,
        Checkpoint.read(checkpointFile));
  }

  /** Subscribes from the checkpoint on: the backlog first, then live events. */
  public void start() {
    subscription = ledger.subscribe(Math.max(done.block(), 1), this::accept);
  }

  /** Handles every event committed so far, in the calling thread, and returns. */
  public void drain() {
    for (CommittedEvent event : ledger.events(done.block(), Integer.MAX_VALUE)) {
      accept(event);
    }
  }

  /** The position reached. */
  public Checkpoint checkpoint() {
    return done;
  }

  private void accept(CommittedEvent event) {
    if (stalled) {
      return;
    }
    if (event.block() != currentBlock) {
      currentBlock = event.block();
      indexInBlock = 0;
    }
    indexInBlock++;
    if (done.covers(event.block(), indexInBlock)) {
      return;
    }
    String runId = "(unknown)";
    try {
      if (REQUESTED.equals(event.name())) {
        runId = LedgerEvent.parseFrom(event.payload()).getVerificationRequested().getRunId();
        Handled handled = handler.handle(runId);
        observer.accept(handled);
      }
      Checkpoint next = new Checkpoint(event.block(), indexInBlock);
      next.write(checkpointFile);
      done = next;
    } catch (IOException | RuntimeException | Error e) {
      // The event thread must survive: a ledger or disk failure stalls here for a retry.
      stalled = true;
      observer.accept(new Failed(runId, e));
    }
  }

  @Override
  public void close() {
    if (subscription != null) {
      subscription.close();
    }
  }
}
