package org.chipledger.app.options;

import static org.assertj.core.api.Assertions.assertThat;

import org.chipledger.client.backend.Backend;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;

/**
 * Issue 16 item 1: a Fabric ledger's policy refuses seed-derived chip keys unless told otherwise;
 * the embedded ledger (demo, benchmarks) allows them unless told otherwise.
 */
class PolicyOptionsTest {
  @Command(name = "policy")
  static final class Holder {
    @ArgGroup(exclusive = false)
    PolicyOptions policy = new PolicyOptions();
  }

  private static PolicyOptions parse(String... args) {
    Holder holder = new Holder();
    new CommandLine(holder).parseArgs(args);
    return holder.policy == null ? new PolicyOptions() : holder.policy;
  }

  @Test
  void fabricRefusesDerivedKeysByDefaultAndEmbeddedAllowsThem() {
    assertThat(parse().toPolicy(Backend.FABRIC).getTokenChipKeysOnly()).isTrue();
    assertThat(parse().toPolicy(Backend.EMBEDDED).getTokenChipKeysOnly()).isFalse();
  }

  @Test
  void theOptionOverridesTheBackendDefaultBothWays() {
    assertThat(parse("--no-token-chip-keys-only").toPolicy(Backend.FABRIC).getTokenChipKeysOnly())
        .isFalse();
    assertThat(parse("--token-chip-keys-only").toPolicy(Backend.EMBEDDED).getTokenChipKeysOnly())
        .isTrue();
  }

  @Test
  void withoutTheOptionSetPolicyKeepsTheLedgersCurrentValue() {
    assertThat(parse().toPolicy(true).getTokenChipKeysOnly()).isTrue();
    assertThat(parse().toPolicy(false).getTokenChipKeysOnly()).isFalse();
    assertThat(parse("--no-token-chip-keys-only").toPolicy(true).getTokenChipKeysOnly()).isFalse();
  }
}
