package org.chipledger.app.fabric;

import java.nio.file.Path;
import org.chipledger.client.cast.Cast;
import org.chipledger.client.cast.FabricCast;
import org.chipledger.client.cast.Founding;
import org.chipledger.client.embedded.ChannelAnchorScenarios;
import org.chipledger.client.fabric.FabricNetwork;
import org.chipledger.client.fabric.LocalNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

/**
 * The anchoring scenarios on a freshly started local Fabric network: a real embedded ledger's tip
 * anchored through the anchoring contract on the channel, and truncation or a re-hashed fork of the
 * embedded log caught against it.
 */
@Tag("fabric")
class FabricAnchoringIT extends ChannelAnchorScenarios {
  @TempDir static Path dir;
  private static FabricCast cast;

  @BeforeAll
  static void aFoundedNetwork() {
    LocalNetwork.freshUp();
    cast = FabricCast.create(FabricNetwork.open(LocalNetwork.GATEWAY), dir.resolve("identities"));
    Founding.found(cast, Founding.policy());
  }

  @AfterAll
  static void purge() {
    try {
      if (cast != null) {
        cast.close();
      }
    } finally {
      LocalNetwork.purge("FabricAnchoringIT");
    }
  }

  @Override
  protected Cast channel() {
    return cast;
  }
}
