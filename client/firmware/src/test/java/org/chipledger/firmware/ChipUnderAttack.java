package org.chipledger.firmware;

import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One emulated chip for the commit-proof attack tests: its key and NVRAM in a directory, its uplink
 * to a scripted agent in process, its clock stepped by the test, and a ledger anchor. Booting again
 * reopens the same NVRAM, as a restarted chip would.
 */
final class ChipUnderAttack implements AutoCloseable {
  private final Path dir;
  private final String serial;
  private final ScriptedAgent agent;
  private final SteppingClock clock;
  private final LedgerTrust trust;
  private final List<Server> servers = new ArrayList<>();
  private TestChip key;

  ChipUnderAttack(
      Path dir, String serial, ScriptedAgent agent, SteppingClock clock, LedgerTrust trust) {
    this.dir = dir;
    this.serial = serial;
    this.agent = agent;
    this.clock = clock;
    this.trust = trust;
  }

  /** Boots the chip's firmware on its NVRAM, linked to the agent. */
  Firmware boot() throws IOException {
    if (key == null) {
      key = new TestChip(dir.resolve("keys"), serial);
    }
    String name = InProcessServerBuilder.generateName();
    servers.add(
        InProcessServerBuilder.forName(name).directExecutor().addService(agent).build().start());
    AgentLink link =
        new AgentLink(
            InProcessChannelBuilder.forName(name).build(), Duration.ofSeconds(5), agent.ackKey());
    return Firmware.boot(
        key.identity(),
        NvramLog.open(dir.resolve(serial + ".nvram")),
        WeightSource.of(new float[] {1f, 2f, 3f}),
        clock,
        Optional.of(link),
        Optional.empty(),
        Optional.of(trust));
  }

  @Override
  public void close() {
    servers.forEach(Server::shutdownNow);
  }
}
