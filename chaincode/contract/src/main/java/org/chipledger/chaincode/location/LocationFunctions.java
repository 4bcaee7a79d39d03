package org.chipledger.chaincode.location;

/**
 * The transactions of the location contract, named as clients call them ({@code
 * contract:Function}).
 */
public final class LocationFunctions {
  /** The contract's name on the channel. */
  public static final String CONTRACT = "location";

  public static final String REGISTER_LANDMARK = CONTRACT + ":RegisterLandmark";
  public static final String RECORD_ATTESTATION = CONTRACT + ":RecordAttestation";
  public static final String LIST_LANDMARKS = CONTRACT + ":ListLandmarks";
  public static final String GET_LOCATION = CONTRACT + ":GetLocation";
  public static final String GET_LOCATION_SUMMARY = CONTRACT + ":GetLocationSummary";

  private LocationFunctions() {}
}
