package org.chipledger.client.demo;

import com.google.protobuf.ByteString;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import org.chipledger.chaincode.ledger.Checks;
import org.chipledger.client.identity.ChipKeys;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.proto.ledger.v1.ChipSpec;
import org.chipledger.proto.ledger.v1.DeployChipsRequest;
import org.chipledger.proto.ledger.v1.ProposeTransferRequest;
import org.chipledger.proto.ledger.v1.RegisterChipsRequest;
import org.chipledger.proto.ledger.v1.RegisterSiteRequest;

/**
 * Chips with fresh keys, made by a fab and deployed at one datacenter site in the fab's country:
 * the fleet that snapshot tests, benchmarks and simulations run. Each step moves at most {@link
 * Checks#MAX_CHIPS_PER_TX} chips per transaction.
 *
 * <p>Chip {@code i}'s key pair is {@link ChipKeys#derive ChipKeys.derive(seed, i)}, so a fleet of a
 * million chips needs no key store.
 *
 * @param serials the chips in index order; the first {@code deployed} are at the site
 */
public record Fleet(String siteId, long seed, List<String> serials) {

  /**
   * Registers {@code deployed + idle} chips at {@code fab}, transfers them to {@code operator},
   * registers {@code siteId} in {@code country} and deploys the first {@code deployed} there.
   */
  public static Fleet deploy(
      LedgerClient fab,
      LedgerClient operator,
      String operatorOrg,
      String siteId,
      String country,
      String serialPrefix,
      long seed,
      int deployed,
      int idle,
      LongConsumer progress) {
    List<String> serials = new ArrayList<>();
    for (int i = 0; i < deployed + idle; i++) {
      serials.add(String.format("%s-%07d", serialPrefix, i));
    }
    operator.registerSite(
        RegisterSiteRequest.newBuilder()
            .setSiteId(siteId)
            .setName(siteId)
            .setCountry(country)
            .build());
    int chunk = Checks.MAX_CHIPS_PER_TX;
    for (int from = 0; from < serials.size(); from += chunk) {
      List<String> part = serials.subList(from, Math.min(serials.size(), from + chunk));
      RegisterChipsRequest.Builder lot =
          RegisterChipsRequest.newBuilder().setLotId(serialPrefix + "-LOT-" + from / chunk);
      for (int i = from; i < from + part.size(); i++) {
        String serial = serials.get(i);
        lot.addChips(
            ChipSpec.newBuilder()
                .setSerial(serial)
                .setModel("H100")
                .setTpp(15_832)
                .setPublicKey(
                    ByteString.copyFrom(ChipKeys.derive(seed, i).getPublic().getEncoded()))
                .setFirmwareVersion("1.0.0"));
      }
      fab.registerChips(lot.build());
      String transfer = serialPrefix + "-T-" + from / chunk;
      fab.proposeTransfer(
          ProposeTransferRequest.newBuilder()
              .setTransferId(transfer)
              .addAllSerials(part)
              .setToOrg(operatorOrg)
              .build());
      operator.acceptTransfer(transfer);
      List<String> toDeploy = part.subList(0, Math.max(0, Math.min(part.size(), deployed - from)));
      if (!toDeploy.isEmpty()) {
        operator.deploy(
            DeployChipsRequest.newBuilder()
                .addAllSerials(toDeploy)
                .setSiteId(siteId)
                .setClusterId("c" + from / chunk)
                .build());
      }
      progress.accept(from + part.size());
    }
    return new Fleet(siteId, seed, List.copyOf(serials));
  }

  /** Chip {@code index}'s key pair. */
  public KeyPair keys(int index) {
    return ChipKeys.derive(seed, index);
  }
}
