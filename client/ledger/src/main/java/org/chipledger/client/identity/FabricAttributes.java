package org.chipledger.client.identity;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.json.JSONException;
import org.json.JSONObject;

/**
 * The Fabric CA attribute extension: the extension value is the raw UTF-8 JSON {@code
 * {"attrs":{...}}} (not DER), which is what the shim's {@code ClientIdentity} parses.
 */
final class FabricAttributes {
  static final ASN1ObjectIdentifier OID = new ASN1ObjectIdentifier("1.2.3.4.5.6.7.8.1");

  private FabricAttributes() {}

  /** The extension value with keys sorted, so the same attributes always give the same bytes. */
  static byte[] encode(Map<String, String> attributes) {
    StringBuilder json = new StringBuilder("{\"attrs\":{");
    String separator = "";
    for (Map.Entry<String, String> e : new TreeMap<>(attributes).entrySet()) {
      json.append(separator)
          .append(JSONObject.quote(e.getKey()))
          .append(':')
          .append(JSONObject.quote(e.getValue()));
      separator = ",";
    }
    return json.append("}}").toString().getBytes(StandardCharsets.UTF_8);
  }

  static SortedMap<String, String> decode(X509Certificate certificate) {
    byte[] extension = certificate.getExtensionValue(OID.getId());
    SortedMap<String, String> attributes = new TreeMap<>();
    if (extension == null) {
      return Collections.unmodifiableSortedMap(attributes);
    }
    try {
      byte[] raw = ASN1OctetString.getInstance(extension).getOctets();
      JSONObject attrs =
          new JSONObject(new String(raw, StandardCharsets.UTF_8)).getJSONObject("attrs");
      for (String key : attrs.keySet()) {
        attributes.put(key, attrs.getString(key));
      }
    } catch (IllegalArgumentException | JSONException e) {
      throw new IllegalArgumentException(
          "malformed Fabric CA attribute extension: " + e.getMessage(), e);
    }
    return Collections.unmodifiableSortedMap(attributes);
  }

  static void requireValid(Map<String, String> attributes) {
    attributes.forEach(
        (k, v) -> {
          if (k == null || k.isBlank() || v == null) {
            throw new IllegalArgumentException("attribute names must be non-blank and values set");
          }
        });
  }
}
