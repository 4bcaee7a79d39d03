package org.chipledger.app.landmark;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Map;
import org.chipledger.proto.location.v1.ChallengeRequest;
import org.chipledger.proto.location.v1.ChallengeResponse;
import org.chipledger.proto.location.v1.ChipChallengeGrpc;

/**
 * The datacenter host's relay: it passes a landmark's challenge to the chip it names and the chip's
 * signed answer back. It cannot answer for a chip (it holds no chip key); it can only delay, which
 * {@code addedDelay} models for tests and benchmarks (a longer link, or a cheating operator).
 */
public final class ChallengeRelay extends ChipChallengeGrpc.ChipChallengeImplBase {
  private final Map<String, ChipChallengeGrpc.ChipChallengeBlockingStub> chips;
  private final Duration addedDelay;

  public ChallengeRelay(
      Map<String, ChipChallengeGrpc.ChipChallengeBlockingStub> chips, Duration addedDelay) {
    this.chips = Map.copyOf(chips);
    this.addedDelay = addedDelay;
  }

  @Override
  public void challenge(ChallengeRequest request, StreamObserver<ChallengeResponse> response) {
    ChipChallengeGrpc.ChipChallengeBlockingStub chip = chips.get(request.getSerial());
    if (chip == null) {
      response.onError(
          Status.NOT_FOUND
              .withDescription("no chip " + request.getSerial() + " behind this host")
              .asException());
      return;
    }
    try {
      pause(addedDelay.dividedBy(2));
      ChallengeResponse answer = chip.challenge(request);
      pause(addedDelay.dividedBy(2));
      response.onNext(answer);
      response.onCompleted();
    } catch (StatusRuntimeException e) {
      response.onError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      response.onError(Status.CANCELLED.asException());
    }
  }

  private static void pause(Duration delay) throws InterruptedException {
    if (!delay.isZero()) {
      Thread.sleep(delay.toMillis(), delay.toNanosPart() % 1_000_000);
    }
  }
}
