package org.chipledger.app.scenario;

import java.util.List;

/**
 * How a scenario suite reaches its backend: made ready before the suite, released after it, and
 * chosen by global options.
 *
 * @param start makes the backend ready for a demo on a new ledger
 * @param stop releases it after the suite
 * @param options global options that select it, e.g. {@code --ledger fabric}
 */
public record ScenarioBackend(Runnable start, Runnable stop, List<String> options) {
  /** The embedded ledger: the demo creates it, and each command closes what it opened. */
  public static ScenarioBackend embedded() {
    return new ScenarioBackend(() -> {}, () -> {}, List.of("--ledger", "embedded"));
  }
}
