package org.chipledger.app.inspection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.chipledger.app.session.ChipLedgerCommand;
import picocli.CommandLine.Command;

@Command(
    name = "escrow-key",
    description =
        "Secretariat: make the P-256 key pair inspectors escrow campaign seeds to. The private key"
            + " stays in DATA_DIR/escrow; give the public key to `admin set-policy --escrow-key`.")
final class EscrowKeyCommand extends ChipLedgerCommand {
  @Override
  public Integer call() {
    Path dir = EscrowRevealCommand.escrowDir(options());
    Path publicFile = dir.resolve(EscrowRevealCommand.PUBLIC_FILE);
    try {
      SeedEscrow.writeNew(dir.resolve(EscrowRevealCommand.PRIVATE_FILE), publicFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the escrow key: " + e.getMessage(), e);
    }
    output().line("escrow public key (DER): " + publicFile);
    output().line("private key kept in " + dir.resolve(EscrowRevealCommand.PRIVATE_FILE));
    return 0;
  }
}
