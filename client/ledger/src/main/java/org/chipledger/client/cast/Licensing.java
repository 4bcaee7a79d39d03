package org.chipledger.client.cast;

import com.google.protobuf.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.chipledger.proto.ledger.v1.ExportLicence;
import org.chipledger.proto.ledger.v1.IssueLicenceRequest;

/**
 * Export licences from the cast's licensing authorities ({@code licensing-tw}, {@code
 * licensing-us}): the exporter's country's authority licenses its shipments to one buyer abroad.
 */
public final class Licensing {
  private Licensing() {}

  /** The cast's licensing authority of {@code country}, e.g. {@code licensing-tw}. */
  public static String authority(String country) {
    return "licensing-" + country.toLowerCase(Locale.ROOT);
  }

  /**
   * Issues licence {@code licenceId} for {@code quantity} controlled chips of {@code models} from
   * {@code exporter} to {@code buyer}, valid for {@code validity} from now.
   */
  public static ExportLicence issue(
      Cast cast,
      String licenceId,
      String exporter,
      String buyer,
      int quantity,
      List<String> models,
      Duration validity) {
    Member to = Cast.member(buyer);
    Instant expiry = Instant.now().plus(validity);
    return cast.as(authority(Cast.member(exporter).country()))
        .issueLicence(
            IssueLicenceRequest.newBuilder()
                .setLicenceId(licenceId)
                .setExporterOrg(exporter)
                .setDestinationCountry(to.country())
                .setDestinationOrg(buyer)
                .addAllModels(models)
                .setQuantity(quantity)
                .setExpiresAt(Timestamp.newBuilder().setSeconds(expiry.getEpochSecond()))
                .build());
  }
}
