package org.chipledger.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.chipledger.client.cast.Cast;
import org.chipledger.client.cast.EmbeddedCast;
import org.chipledger.client.cast.Founding;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.proto.ledger.v1.Chip;
import org.chipledger.proto.ledger.v1.ChipStatus;
import org.chipledger.proto.ledger.v1.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetSimulationTest {
  @TempDir Path dir;

  @Test
  void aFleetSetUpOnceIsSimulatedLaterAndLosesNothing() throws Exception {
    try (EmbeddedCast cast =
        EmbeddedCast.create(dir.resolve("identities"), dir.resolve("ledger"))) {
      Founding.found(cast, Founding.policy());
      // A zero-length run sets the fleet up and snapshots nothing.
      Map<String, LedgerBenchmark.Figure> setUp = simulate(cast, Duration.ZERO);
      assertThat(setUp).containsKey("fleet set-up");
      assertThat(setUp.get("ledger transactions for them").value()).isZero();

      // 1,500 chips span two lots; 1,500 chips × 86.4/day × 20 offers 30 records/s.
      // The second run finds every lot on the ledger and goes straight to the simulation.
      Map<String, LedgerBenchmark.Figure> figures = simulate(cast, Duration.ofSeconds(4));
      assertThat(treaty(cast).lot("SN-F-LOT-1").getChipCount()).isEqualTo(500);
      assertThat(figures.get("ledger check: records lost").value()).isZero();
      assertThat(figures.get("fleet snapshot rate").value()).isPositive();
      assertThat(figures.get("ledger transactions for them").value()).isPositive();

      LedgerClient treaty = treaty(cast);
      assertThat(treaty.organization("hyperscale-us").getRolesList())
          .containsExactlyInAnyOrder(Role.ROLE_FAB, Role.ROLE_DATACENTER);
      for (String serial : List.of("SN-F-0000000", "SN-F-0001499")) {
        Chip chip = treaty.chip(serial);
        assertThat(chip.getFabOrg()).isEqualTo("hyperscale-us");
        assertThat(chip.getHolderOrg()).isEqualTo("hyperscale-us");
        assertThat(chip.getStatus()).isEqualTo(ChipStatus.CHIP_STATUS_DEPLOYED);
        assertThat(chip.getSiteId()).isEqualTo("fleet-site");
      }
      // Its chips' counters have moved on: simulating the same fleet from zero again is refused.
      assertThatThrownBy(() -> simulate(cast, Duration.ofSeconds(1)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("set it up again");
    }
  }

  private static LedgerClient treaty(EmbeddedCast cast) {
    return cast.as(Cast.ADMIN.orgId());
  }

  private Map<String, LedgerBenchmark.Figure> simulate(EmbeddedCast cast, Duration duration)
      throws Exception {
    var settings =
        new FleetSimulation.Settings(1_500, 86.4, 20, duration, Duration.ofSeconds(1), 2, 7L);
    var simulation =
        new FleetSimulation(cast, Files.createTempDirectory(dir, "sim"), settings, line -> {});
    return simulation.run().stream()
        .collect(Collectors.toMap(LedgerBenchmark.Figure::name, Function.identity()));
  }
}
