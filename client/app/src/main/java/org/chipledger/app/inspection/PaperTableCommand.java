package org.chipledger.app.inspection;

import java.util.ArrayList;
import java.util.List;
import org.chipledger.app.output.Output;
import org.chipledger.app.session.ChipLedgerCommand;
import org.chipledger.chaincode.inspection.PaperTable;
import org.chipledger.chaincode.inspection.PaperTable.Cell;
import org.chipledger.chaincode.inspection.PaperTable.Row;
import org.json.JSONArray;
import org.json.JSONObject;
import picocli.CommandLine.Command;

/** {@code inspect table1}: the paper's Table 1 recomputed from Eq. (1), and footnote 5. */
@Command(
    name = "table1",
    description =
        "Reproduce Table 1 of Shavit (2023) from Eq. (1), with a note on every cell where the"
            + " paper prints another value, and footnote 5's inspector estimate.")
final class PaperTableCommand extends ChipLedgerCommand {
  @Override
  public Integer call() {
    Output out = output();
    List<Row> rows = PaperTable.rows();
    PaperTable.Footnote5 fn5 = PaperTable.footnote5();
    if (out.json()) {
      out.line(json(rows, fn5).toString());
      return 0;
    }
    out.line(
        "Annual samples 365*s/T_m to catch a run of H FLOPs within T = 30 days: a = one H100"
            + " (8.64e19 FLOP/day), f = 0.1/day, p = 0.9, T = T_m = 30 days.");
    out.line(
        "s = ceil(ln(1-p) / (ceil(T/T_m) * ln(1-x))), x = H/(aTC) * (1-e^(-f*T_m)): whole chips"
            + " per period, rounded up; \"—\" where H/(aT) > C.");
    List<String> notes = new ArrayList<>();
    List<List<String>> table = new ArrayList<>();
    for (Row row : rows) {
      List<String> cells = new ArrayList<>();
      cells.add(row.printed().model() + (row.printed().projected() ? " †" : ""));
      cells.add(String.format("%.3g", row.printed().flop()));
      cells.add(noted(String.format("%.3g", row.h100Days().value()), row.h100Days(), notes));
      cells.add(
          noted(String.format("%,.0f", row.h100sPerYear().value()), row.h100sPerYear(), notes));
      for (Cell cell : row.samples()) {
        String value =
            Double.isNaN(cell.value()) ? PaperTable.DASH : String.format("%,.1f", cell.value());
        cells.add(noted(value, cell, notes, row.printed().model()));
      }
      table.add(cells);
    }
    out.table(
        List.of(
            "model",
            "H (FLOP)",
            "H100-days",
            "H100s for 1 yr",
            "samples/yr C=1e3",
            "C=1e5",
            "C=1e7"),
        table);
    out.line("");
    notes.forEach(out::line);
    out.line("");
    out.line(
        String.format(
            "Footnote 5: H = 9.9e24, C = 1e7 chips of 3 H100s each: s = %,d chips per 30 days,"
                + " %,.0f samples/yr (paper: roughly 232,000); at %,d chips per inspector a year,"
                + " %,d inspectors (paper: ≈232).",
            fn5.plan().perPeriod(),
            fn5.plan().annualSamples(),
            fn5.chipsPerInspectorYear(),
            fn5.inspectors()));
    return 0;
  }

  private static String noted(String value, Cell cell, List<String> notes) {
    return noted(value, cell, notes, "");
  }

  /** The value, marked [n] when note n says how the paper's printed value differs. */
  private static String noted(String value, Cell cell, List<String> notes, String model) {
    if (cell.note().isEmpty()) {
      return value;
    }
    notes.add(
        String.format(
            "[%d] %s%s", notes.size() + 1, model.isEmpty() ? "" : model + ": ", cell.note()));
    return value + " [" + notes.size() + "]";
  }

  private static JSONObject json(List<Row> rows, PaperTable.Footnote5 fn5) {
    JSONArray models = new JSONArray();
    for (Row row : rows) {
      JSONArray samples = new JSONArray();
      for (int i = 0; i < row.samples().size(); i++) {
        Cell cell = row.samples().get(i);
        samples.put(
            new JSONObject()
                .put("chips", PaperTable.FLEETS.get(i))
                .put("per_period", row.plans().get(i).perPeriod())
                .put("annual", Double.isNaN(cell.value()) ? JSONObject.NULL : cell.value())
                .put("printed", cell.printed())
                .put("agreement", cell.agreement().name())
                .put("note", cell.note()));
      }
      models.put(
          new JSONObject()
              .put("model", row.printed().model())
              .put("flop", row.printed().flop())
              .put("h100_days", row.h100Days().value())
              .put("h100s_per_year", row.h100sPerYear().value())
              .put("samples", samples));
    }
    return new JSONObject()
        .put("rounding", "s rounded up to whole chips per monitoring period")
        .put("models", models)
        .put(
            "footnote5",
            new JSONObject()
                .put("per_period", fn5.plan().perPeriod())
                .put("annual", fn5.plan().annualSamples())
                .put("inspectors", fn5.inspectors()));
  }
}
