package org.chipledger.app.dashboard;

import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.chipledger.app.options.GlobalOptions;
import org.chipledger.app.output.Output;
import org.chipledger.app.session.ChipLedgerCommand;
import org.chipledger.app.session.Session;
import org.chipledger.client.backend.Backends;
import org.chipledger.client.identity.Identity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Serves the treaty parties' web dashboard until stopped. */
@Command(
    name = "dashboard",
    description =
        "Serve the read-only web dashboard for treaty parties on a loopback address: chips by"
            + " country, chip search, unaccounted chips, runs. With --inspector-identity, an"
            + " inspector can also request a run's verification using the token printed at start.")
public final class DashboardCommand extends ChipLedgerCommand {
  @Option(names = "--port", defaultValue = "8080", description = "0 for any free port.")
  int port;

  @Option(
      names = "--bind",
      defaultValue = "127.0.0.1",
      description = "A loopback address (default: ${DEFAULT-VALUE}); the dashboard speaks HTTP.")
  String bind;

  @Option(
      names = "--inspector-identity",
      description =
          "Allow the one inspector action, signed as this identity (NAME or MSP/NAME); also the"
              + " reading identity if --identity is not given.")
  String inspectorIdentity;

  @Override
  public Integer call() {
    GlobalOptions options = options();
    Output out = output();
    Optional<Identity> inspector =
        Optional.ofNullable(inspectorIdentity)
            .map(name -> Backends.identities(options.settings()).signer(name));
    Identity reader =
        options.identity() == null && inspector.isPresent()
            ? inspector.get()
            : Session.identity(options);
    try (Session session = Session.open(options, reader)) {
      Optional<InspectorAction> action =
          inspector.map(
              identity ->
                  InspectorAction.withFreshToken(session.connect(identity), inspectorIdentity));
      CountDownLatch stopped = new CountDownLatch(1);
      try (DashboardServer server = DashboardServer.start(session.client(), action, bind, port)) {
        Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
        out.line(
            "dashboard on "
                + server.url()
                + " ("
                + action.map(a -> "inspector actions as " + inspectorIdentity).orElse("read-only")
                + "); Ctrl-C stops it");
        action.ifPresent(
            a -> out.line("inspector token (shown once; paste it on the Runs page): " + a.token()));
        stopped.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return 0;
  }
}
