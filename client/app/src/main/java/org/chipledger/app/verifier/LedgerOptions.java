package org.chipledger.app.verifier;

import java.nio.file.Path;
import org.chipledger.app.options.GlobalOptions;
import org.chipledger.client.backend.Backends;
import org.chipledger.client.backend.LedgerSettings;
import org.chipledger.client.backend.OpenBackend;
import org.chipledger.client.identity.Identity;
import org.chipledger.client.ledger.Ledger;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.pol.ledger.SelectionSecrets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The program's global ledger options as the Verifier's commands read them. */
// A mixin without options of its own: @Command makes picocli accept it and inject the spec.
@Command
final class LedgerOptions {
  /** Who signs when {@code --identity} is not given: the Verifier acts for the inspectorate. */
  static final String DEFAULT_IDENTITY = "inspectorate";

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  /** An open ledger and a client signing as the chosen identity. */
  record Connection(OpenBackend backend, Ledger ledger, LedgerClient client, Identity signer)
      implements AutoCloseable {
    @Override
    public void close() {
      client.close();
      backend.close();
    }
  }

  LedgerSettings settings() {
    LedgerSettings settings = GlobalOptions.of(mixee).settings();
    return settings.identity() == null ? settings.as(DEFAULT_IDENTITY) : settings;
  }

  Path dataDir() {
    return settings().dataDir();
  }

  Connection open() {
    LedgerSettings settings = settings();
    Identity signer = Backends.signer(settings);
    OpenBackend backend = Backends.open(settings);
    Ledger ledger = backend.connect(signer);
    return new Connection(backend, ledger, new LedgerClient(ledger), signer);
  }

  /** Where the Verifier keeps its selection secrets until its verdicts reveal them. */
  SelectionSecrets selectionSecrets() {
    return new SelectionSecrets(dataDir().resolve("verifier-secrets"));
  }
}
