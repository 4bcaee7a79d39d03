package org.chipledger.app.output;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.chipledger.client.ledger.ProtoJson;

/** Prints results as aligned tables for people or as protobuf JSON for programs. */
public final class Output {
  private final PrintWriter out;
  private final OutputFormat format;

  public Output(PrintWriter out, OutputFormat format) {
    this.out = out;
    this.format = format;
  }

  /** True when the user asked for JSON: commands then print one message per result. */
  public boolean json() {
    return format == OutputFormat.JSON;
  }

  /** One record: JSON, or one {@code field value} line per set field. */
  public void record(Message message) {
    if (json()) {
      out.println(toJson(message));
    } else {
      List<List<String>> rows = new ArrayList<>();
      for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
        rows.add(List.of(field.getKey().getName(), text(field.getKey(), field.getValue())));
      }
      table(List.of("field", "value"), rows);
    }
    out.flush();
  }

  /** A result: in JSON mode the message; in table mode what {@code text} writes for a person. */
  public void recordOr(Message message, Runnable text) {
    if (json()) {
      record(message);
    } else {
      text.run();
    }
  }

  /** A table in table mode; in JSON mode the message instead. */
  public void table(Message message, List<String> headers, List<List<String>> rows) {
    if (json()) {
      out.println(toJson(message));
      out.flush();
    } else {
      table(headers, rows);
    }
  }

  /** A table of one row: {@code cells} under {@code headers}. */
  public void row(List<String> headers, String... cells) {
    table(headers, List.of(List.of(cells)));
  }

  /** An aligned table, one line per row, the last column unpadded. */
  public void table(List<String> headers, List<List<String>> rows) {
    int[] widths = new int[headers.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = headers.get(i).length();
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    line(headers, widths);
    List<String> rule = new ArrayList<>();
    for (int width : widths) {
      rule.add("-".repeat(width));
    }
    line(rule, widths);
    rows.forEach(row -> line(row, widths));
    out.flush();
  }

  /** One line as it is. */
  public void line(String text) {
    out.println(text);
    out.flush();
  }

  private void line(List<String> cells, int[] widths) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      b.append(i == 0 ? "" : "  ");
      b.append(
          i == cells.size() - 1
              ? cells.get(i)
              : String.format("%-" + widths[i] + "s", cells.get(i)));
    }
    out.println(b.toString().stripTrailing());
  }

  /** The message as protobuf JSON on one line. */
  public static String toJson(Message message) {
    return ProtoJson.print(message);
  }

  private static String text(FieldDescriptor field, Object value) {
    if (field.isRepeated()) {
      List<?> values = (List<?>) value;
      List<String> parts = new ArrayList<>();
      for (Object v : values) {
        parts.add(single(v));
      }
      return String.join(",", parts);
    }
    return single(value);
  }

  private static String single(Object value) {
    if (value instanceof Timestamp t) {
      return Instant.ofEpochSecond(t.getSeconds(), t.getNanos()).toString();
    }
    if (value instanceof EnumValueDescriptor e) {
      return e.getName();
    }
    if (value instanceof ByteString bytes) {
      String b64 = Base64.getEncoder().encodeToString(bytes.toByteArray());
      return b64.length() > 40 ? b64.substring(0, 37) + "..." : b64;
    }
    if (value instanceof Message m) {
      return toJson(m);
    }
    return String.valueOf(value);
  }
}
