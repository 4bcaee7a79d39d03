package org.chipledger.client.accounting;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.List;
import org.chipledger.chaincode.chip.StatusNames;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.crypto.Sha256;
import org.chipledger.proto.ledger.v1.Chip;
import org.chipledger.proto.ledger.v1.ChipIndex;

/**
 * A hash over every chip's holder, status, country and site — and nothing that depends on
 * transaction ids or times — so that two ledgers that saw the same story can be compared.
 */
public final class CustodyDigest {
  private CustodyDigest() {}

  /** Hex SHA-256 of {@code serial|holder|status|country|site\n} for every chip, by serial. */
  public static String of(List<Chip> chips) {
    MessageDigest sha256 = Sha256.newDigest();
    chips.stream()
        .sorted(Comparator.comparing(Chip::getSerial))
        .forEach(
            chip ->
                sha256.update(
                    (chip.getSerial()
                            + '|'
                            + chip.getHolderOrg()
                            + '|'
                            + StatusNames.of(chip.getStatus())
                            + '|'
                            + chip.getCountry()
                            + '|'
                            + chip.getSiteId()
                            + '\n')
                        .getBytes(StandardCharsets.UTF_8)));
    return Sha256.hex(sha256.digest());
  }

  /** The digest of every chip on the ledger. */
  public static String of(LedgerClient ledger) {
    return of(ledger.allChips(ChipIndex.CHIP_INDEX_ALL, ""));
  }
}
