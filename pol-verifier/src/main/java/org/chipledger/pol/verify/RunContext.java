package org.chipledger.pol.verify;

import org.chipledger.pol.transcript.Transcript;
import org.chipledger.proto.transcript.v1.TranscriptManifest;

/** What one verification reads: the loaded transcript, the request and the policy. */
record RunContext(Transcript transcript, VerificationRequest request, VerifierPolicy policy) {

  TranscriptManifest manifest() {
    return transcript.manifest();
  }

  /** The longest segment accepted: the run's own interval, capped by the policy. */
  int allowedInterval() {
    return Math.min(
        manifest().getHyperparameters().getCheckpointInterval(), policy.maxCheckpointInterval());
  }

  /** The replay's thread count: as recorded unless the policy fixes one. */
  int replayThreads() {
    return policy.replayThreads() == 0
        ? manifest().getEngine().getIntraOpThreads()
        : policy.replayThreads();
  }

  /**
   * Whether the replay runs the recorded configuration (engine, version, framework, threads, CPU
   * features): then a replay must reproduce the recorded hashes exactly and ε does not apply.
   */
  boolean sameConfiguration() {
    return org.chipledger.pol.trainer.EngineConfiguration.sameAs(
        manifest().getEngine(), replayThreads());
  }

  /** The seed of the random segment draw, fixed by the manifest hash and the beacon. */
  byte[] selectionSeed() {
    return SegmentSelector.seed(transcript.manifestHash(), request.beacon());
  }
}
