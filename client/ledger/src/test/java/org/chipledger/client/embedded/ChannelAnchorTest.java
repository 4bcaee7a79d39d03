package org.chipledger.client.embedded;

import java.nio.file.Path;
import org.chipledger.client.cast.Cast;
import org.chipledger.client.cast.EmbeddedCast;
import org.chipledger.client.cast.Founding;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The anchoring scenarios with a second embedded ledger as the channel. */
class ChannelAnchorTest extends ChannelAnchorScenarios {
  @TempDir Path channelDir;
  private EmbeddedCast channel;

  @BeforeEach
  void aFoundedChannel() {
    channel = EmbeddedCast.create(channelDir.resolve("ids"), channelDir.resolve("ledger"));
    Founding.found(channel, Founding.policy());
  }

  @AfterEach
  void close() {
    channel.close();
  }

  @Override
  protected Cast channel() {
    return channel;
  }
}
