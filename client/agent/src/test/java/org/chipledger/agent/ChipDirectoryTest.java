package org.chipledger.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.cast.EmbeddedCast;
import org.chipledger.client.cast.Fleet;
import org.chipledger.client.cast.Founding;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.proto.ledger.v1.ChipStatus;
import org.chipledger.proto.ledger.v1.UndeployChipsRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChipDirectoryTest {
  @TempDir Path dir;

  @Test
  void servesLoadedChipsWithoutTheLedgerUntilTheNextReload() {
    try (EmbeddedCast cast =
        EmbeddedCast.create(dir.resolve("identities"), dir.resolve("ledger"))) {
      Founding.found(cast, Founding.policy());
      LedgerClient dc = cast.as("dc-us");
      Fleet fleet =
          Fleet.deploy(cast.as("fab-us"), dc, "dc-us", "site-1", "US", "DIR", 3L, 2, 1, n -> {});
      String moved = fleet.serials().get(0);
      // Fresh for an hour: only reload() re-reads the ledger in this test.
      try (ChipDirectory directory =
          new ChipDirectory(
              dc, "dc-us", Duration.ofHours(1), AgentLimits.DEFAULTS, new AgentMetrics())) {
        directory.start();
        dc.undeploy(UndeployChipsRequest.newBuilder().addSerials(moved).build());

        assertThat(directory.chip(moved).getStatus()).isEqualTo(ChipStatus.CHIP_STATUS_DEPLOYED);
        assertThat(directory.reload()).isGreaterThanOrEqualTo(Duration.ofHours(1).toNanos());
        assertThat(directory.chip(moved).getStatus()).isEqualTo(ChipStatus.CHIP_STATUS_ACTIVE);
        assertThat(directory.chip(fleet.serials().get(2)).getStatus())
            .isEqualTo(ChipStatus.CHIP_STATUS_ACTIVE);
        assertThatThrownBy(() -> directory.chip("NO-SUCH-CHIP"))
            .isInstanceOfSatisfying(
                LedgerException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CHIP_NOT_FOUND));
      }
    }
  }
}
