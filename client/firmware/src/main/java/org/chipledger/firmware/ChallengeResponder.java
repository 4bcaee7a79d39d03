package org.chipledger.firmware;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.atomic.AtomicLong;
import org.chipledger.chaincode.location.Attestations;
import org.chipledger.chaincode.location.ChallengeBytes;
import org.chipledger.proto.location.v1.ChallengeRequest;
import org.chipledger.proto.location.v1.ChallengeResponse;
import org.chipledger.proto.location.v1.ChipChallengeGrpc;

/**
 * A chip's answer to a landmark's location challenge (issue 21): it signs (nonce, serial, counter)
 * with its own key, in the token if the chip's key lives there, and advances its counter. The host
 * that relays can delay or drop the answer, never make one.
 */
public final class ChallengeResponder extends ChipChallengeGrpc.ChipChallengeImplBase {
  private final String serial;
  private final ChipSigner signer;
  private final AtomicLong counter;

  /**
   * A responder for chip {@code serial} whose first answer carries {@code firstCounter}; a chip
   * that restarts should start above its last (the emulator uses the wall clock in microseconds).
   */
  public ChallengeResponder(String serial, ChipSigner signer, long firstCounter) {
    this.serial = serial;
    this.signer = signer;
    this.counter = new AtomicLong(firstCounter - 1);
  }

  /** A responder whose counter starts at the wall clock's microseconds, above any earlier run. */
  public static ChallengeResponder startingNow(String serial, ChipSigner signer) {
    return new ChallengeResponder(serial, signer, System.currentTimeMillis() * 1000);
  }

  /** Signs the challenge; refuses another chip's serial and nonces of the wrong size. */
  public ChallengeResponse respond(ChallengeRequest request) {
    if (!serial.equals(request.getSerial())) {
      throw new IllegalArgumentException("this is chip " + serial + ", not " + request.getSerial());
    }
    int size = request.getNonce().size();
    if (size < Attestations.MIN_NONCE_BYTES || size > Attestations.MAX_NONCE_BYTES) {
      throw new IllegalArgumentException("a nonce is 16-64 bytes, not " + size);
    }
    long next = counter.incrementAndGet();
    byte[] signature =
        signer.sign(ChallengeBytes.chip(request.getNonce().toByteArray(), serial, next));
    return ChallengeResponse.newBuilder()
        .setSerial(serial)
        .setCounter(next)
        .setSignature(ByteString.copyFrom(signature))
        .build();
  }

  @Override
  public void challenge(ChallengeRequest request, StreamObserver<ChallengeResponse> response) {
    ChallengeResponse answer;
    try {
      answer = respond(request);
    } catch (IllegalArgumentException e) {
      response.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asException());
      return;
    }
    response.onNext(answer);
    response.onCompleted();
  }
}
