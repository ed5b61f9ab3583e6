package io.carbonmlops.reports;

import io.carbonmlops.meter.report.Figures;
import io.carbonmlops.mlflow.Html;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The report as one self-contained HTML page for an auditor and a team lead: summary first, then charts, tables,
 * methodology and data licences; print rules keep tables and charts whole on paper. Every figure also carries its
 * exact value in a {@code data-} attribute (the text is rounded for reading).
 */
public final class ReportHtml {
    /** Refs listed per line in the page; the CSV and JSON list them all. */
    static final int REFS_SHOWN = 12;

    private static final String CSS = """
            body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px auto;max-width:1100px;color:#222}
            h1{font-size:1.5em;margin-bottom:4px} h2{font-size:1.2em;margin-top:28px;border-bottom:1px solid #ccc}
            .meta{color:#555;font-size:.9em} .banner{padding:10px 14px;border-radius:4px;margin:14px 0;font-weight:600}
            .verified{background:#e5f5e0;border:1px solid #31a354} .unverified{background:#fee0d2;border:1px solid #de2d26}
            dl.summary{display:grid;grid-template-columns:repeat(4,1fr);gap:10px}
            dl.summary div{border:1px solid #ddd;border-radius:4px;padding:8px}
            dl.summary dt{font-size:.8em;color:#555} dl.summary dd{margin:0;font-size:1.25em;font-weight:600}
            table{border-collapse:collapse;width:100%;font-size:.85em} th,td{border:1px solid #ddd;padding:4px 6px;vertical-align:top}
            th{background:#f4f4f4;text-align:left} td.num{text-align:right;white-space:nowrap}
            tr.over td{background:#fee0d2} .refs{font-family:monospace;font-size:.8em;word-break:break-all}
            svg .label,svg .value{font-size:11px;fill:#333} svg .grid{stroke:#e3e3e3}
            .charts figure{margin:10px 0} figcaption{font-size:.9em;color:#444}
            @media print{body{margin:0;max-width:none;font-size:10pt} .banner{border-width:2px}
              h2{page-break-after:avoid} figure,table,dl.summary{page-break-inside:avoid}
              thead{display:table-header-group} tr{page-break-inside:avoid} a{color:inherit;text-decoration:none}}
            """;

    private ReportHtml() {}

    public static String render(CarbonReport report) {
        ReportRequest request = report.request();
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>Carbon report " + Html.escape(period(request)) + "</title><style>" + CSS
                + "</style></head><body>\n");
        html.append("<h1>Carbon report ").append(Html.escape(period(request))).append(", by ")
                .append(request.groupBy().label()).append("</h1>\n<p class=\"meta\">Generated ")
                .append(report.generatedAt()).append(" from ").append(Html.escape(report.source())).append("</p>\n");
        Verification v = report.verification();
        html.append("<p id=\"verification\" class=\"banner ").append(v.verified() ? "verified" : "unverified")
                .append("\">").append(v.verified() ? "Verified: " : "UNVERIFIED: ").append(Html.escape(v.summary()))
                .append("</p>\n");
        summary(html, report);
        charts(html, report);
        lines(html, report);
        budgets(html, report);
        methodology(html, report);
        return html.append("</body></html>\n").toString();
    }

    /** {@code 2026-11-01 to 2026-12-01 (exclusive, UTC)}; instants in full when they are not midnight. */
    private static String period(ReportRequest request) {
        return day(request.from()) + " to " + day(request.to()) + " (exclusive, UTC)";
    }

    private static String day(java.time.Instant instant) {
        String text = instant.toString();
        return text.endsWith("T00:00:00Z") ? text.substring(0, 10) : text;
    }

    private static void summary(StringBuilder html, CarbonReport report) {
        ReportRequest request = report.request();
        html.append("<h2>Summary</h2>\n<dl class=\"summary\">");
        item(html, "co2e-location", "CO2e, location-based", Figures.co2e(report.co2eLocationKg()),
                report.co2eLocationKg());
        item(html, "co2e-market", "CO2e, market-based", Figures.co2e(report.co2eMarketKg()), report.co2eMarketKg());
        item(html, "facility-energy", "Facility energy (IT × PUE)", Figures.energyKwh(report.facilityEnergyKwh()),
                report.facilityEnergyKwh());
        item(html, "it-energy", "IT energy", Figures.energyKwh(report.itEnergyKwh()), report.itEnergyKwh());
        item(html, "records", "Records (" + report.recordKind() + ")", Long.toString(report.records()),
                report.records());
        double total = report.measuredKwh() + report.estimatedKwh();
        if (total > 0) {
            double share = report.estimatedKwh() / total;
            item(html, "estimated-share", "Energy estimated, not measured", Figures.number(share * 100, 3) + " %",
                    share);
        }
        OptionalDouble electricity = Prices.electricity(request, report.facilityEnergyKwh());
        OptionalDouble carbon = Prices.carbon(request, report.co2eLocationKg());
        if (electricity.isPresent()) {
            item(html, "electricity-cost", "Energy cost", money(electricity.getAsDouble(), request.currency()),
                    electricity.getAsDouble());
        }
        if (carbon.isPresent()) {
            item(html, "carbon-cost", "Internal carbon cost", money(carbon.getAsDouble(), request.currency()),
                    carbon.getAsDouble());
        }
        ReportLine.Shift shift = report.shift();
        if (shift.records() > 0) {
            item(html, "shift-saved", "Saved by carbon-aware shifts (" + records(shift.records()) + ")",
                    Figures.co2e(shift.savedKg()) + shareOf(shift), shift.savedKg());
        }
        long over = report.budgets().stream().filter(BudgetLine::over).count();
        if (!report.budgets().isEmpty()) {
            item(html, "budgets-over", "Monthly budgets exceeded", over + " of " + report.budgets().size(), over);
        }
        html.append("</dl>\n");
    }

    private static String records(long count) {
        return count + (count == 1 ? " record" : " records");
    }

    private static String shareOf(ReportLine.Shift shift) {
        return shift.savedShare().isPresent() ? " (" + Figures.number(shift.savedShare().getAsDouble() * 100, 3)
                + " % of starting at once)" : "";
    }

    private static void item(StringBuilder html, String id, String label, String text, double exact) {
        html.append(String.format(Locale.ROOT, "<div><dt>%s</dt><dd data-figure=\"%s\" data-value=\"%s\">%s</dd></div>",
                Html.escape(label), id, exact, Html.escape(text)));
    }

    private static void charts(StringBuilder html, CarbonReport report) {
        html.append("<h2>Charts</h2>\n<div class=\"charts\"><figure>")
                .append(ReportCharts.monthlyByTeam(report.monthlyByTeam()))
                .append("<figcaption>CO2e per month per team (location-based)</figcaption></figure><figure>")
                .append(ReportCharts.topModels(report.topModels()))
                .append("<figcaption>Top models by CO2e (location-based)</figcaption></figure><figure>")
                .append(ReportCharts.measuredVsEstimated(report.measuredKwh(), report.estimatedKwh()))
                .append("<figcaption>IT energy measured by counters (NVML, RAPL) vs estimated (CPU TDP × utilisation, "
                        + "RAM per GB)</figcaption></figure></div>\n");
    }

    private static void lines(StringBuilder html, CarbonReport report) {
        String currency = report.request().currency();
        boolean shifts = report.shift().records() > 0;
        html.append("<h2>By ").append(report.request().groupBy().label()).append("</h2>\n<table id=\"lines\"><thead>"
                + "<tr><th>").append(report.request().groupBy().label()).append("</th><th>records</th><th>IT energy</th>"
                + "<th>facility energy</th><th>CO2e location-based</th><th>CO2e market-based</th><th>market basis</th>"
                + "<th>energy cost</th><th>carbon cost</th><th>estimated</th><th>intensity sources</th>"
                + "<th>verification</th>").append(shifts ? "<th>saved by shifts</th>" : "").append("<th>")
                .append(Html.escape(report.recordKind())).append("</th></tr></thead><tbody>\n");
        for (ReportLine line : report.lines()) {
            html.append("<tr data-group=\"").append(Html.escape(line.group())).append("\"><td>")
                    .append(Html.escape(line.group())).append("</td>");
            cell(html, "records", Long.toString(line.records()), line.records());
            cell(html, "it-energy", Figures.energyKwh(line.itEnergyKwh()), line.itEnergyKwh());
            cell(html, "facility-energy", Figures.energyKwh(line.facilityEnergyKwh()), line.facilityEnergyKwh());
            cell(html, "co2e-location", Figures.co2e(line.co2eLocationKg()), line.co2eLocationKg());
            cell(html, "co2e-market", Figures.co2e(line.co2eMarketKg()), line.co2eMarketKg());
            html.append("<td class=\"basis\">").append(Html.escape(line.marketBasis())).append("</td>");
            optional(html, "electricity-cost", line.electricityCost(), currency);
            optional(html, "carbon-cost", line.carbonCost(), currency);
            if (line.estimatedShare().isPresent()) {
                cell(html, "estimated-share", Figures.number(line.estimatedShare().getAsDouble() * 100, 3) + " %",
                        line.estimatedShare().getAsDouble());
            } else {
                html.append("<td class=\"num\">n/a</td>");
            }
            html.append("<td>").append(Html.escape(String.join("; ", line.intensitySources()))).append("</td><td>")
                    .append(Html.escape(line.verification()));
            if (line.trustedRecords() + line.unsignedRecords() > 0 || !line.seqRange().isEmpty()) {
                html.append("<br><span class=\"meta\">").append(line.trustedRecords()).append(" trusted signer, ")
                        .append(line.unsignedRecords()).append(" unsigned").append(line.seqRange().isEmpty() ? ""
                                : "; seq " + Html.escape(line.seqRange())).append("</span>");
            }
            html.append("</td>");
            if (shifts && line.shift().records() > 0) {
                cell(html, "shift-saved", Figures.co2e(line.shift().savedKg()) + " in " + records(line.shift()
                        .records()) + shareOf(line.shift()), line.shift().savedKg());
            } else if (shifts) {
                html.append("<td class=\"num\">none shifted</td>");
            }
            html.append("<td class=\"refs\">").append(refs(line.refs())).append("</td></tr>\n");
        }
        html.append("</tbody></table>\n");
    }

    private static String refs(List<String> refs) {
        String shown = Html.escape(String.join(" ", refs.subList(0, Math.min(REFS_SHOWN, refs.size()))));
        return refs.size() <= REFS_SHOWN ? shown : shown + " … and " + (refs.size() - REFS_SHOWN)
                + " more (all in carbon-report.csv and .json)";
    }

    private static void cell(StringBuilder html, String name, String text, double exact) {
        html.append(String.format(Locale.ROOT, "<td class=\"num %s\" data-value=\"%s\">%s</td>", name, exact,
                Html.escape(text)));
    }

    private static void optional(StringBuilder html, String name, OptionalDouble value, String currency) {
        if (value.isPresent()) {
            cell(html, name, money(value.getAsDouble(), currency), value.getAsDouble());
        } else {
            html.append("<td class=\"num\">no price given</td>");
        }
    }

    static String money(double amount, String currency) {
        return String.format(Locale.ROOT, "%,.2f %s", amount, currency);
    }

    private static void budgets(StringBuilder html, CarbonReport report) {
        html.append("<h2>Monthly budgets (gate policy) vs actual</h2>\n");
        if (report.budgets().isEmpty()) {
            html.append("<p class=\"empty\">No monthly budgets given (carbon report --policy gate.yaml).</p>\n");
            return;
        }
        html.append("<table id=\"budgets\"><thead><tr><th>budget</th><th>month</th><th>actual CO2e (location)</th>"
                + "<th>budget</th><th>used</th><th>status</th><th>policy</th></tr></thead><tbody>\n");
        for (BudgetLine b : report.budgets()) {
            String[] against = Figures.massAgainst(b.actualKg(), b.budgetKg());
            html.append("<tr class=\"").append(b.over() ? "over" : "within").append("\" data-budget=\"")
                    .append(Html.escape(b.tag() + "=" + b.value())).append("\" data-month=\"").append(b.month())
                    .append("\"><td>").append(Html.escape(b.tag() + "=" + b.value())).append("</td><td>")
                    .append(b.month()).append("</td>");
            cell(html, "actual", against[0] + " CO2e", b.actualKg());
            cell(html, "budget", against[1] + " CO2e", b.budgetKg());
            html.append("<td class=\"num\">").append(Double.isFinite(b.usedShare())
                    ? Figures.number(b.usedShare() * 100, 3) + " %" : "n/a").append("</td><td class=\"status\">")
                    .append(b.over() ? "OVER" : "within").append("</td><td>").append(Html.escape(b.source()))
                    .append("</td></tr>\n");
        }
        html.append("</tbody></table>\n");
    }

    private static void methodology(StringBuilder html, CarbonReport report) {
        ReportRequest request = report.request();
        html.append("<h2>Methodology</h2>\n<ul id=\"methodology\">")
                .append("<li><b>Records.</b> ").append(Html.escape(report.recordKind()))
                .append(" whose time (").append(report.recordKind().startsWith("ledger") ? "<code>occurred_at</code>, "
                        + "the end of the measured window" : "the run's start").append(") falls in [from, to), UTC. "
                        + "Each line lists the records it sums; sums are exact, the page rounds to 3 significant "
                        + "digits (exact values in the CSV and JSON).</li>")
                .append("<li><b>Energy.</b> IT energy is what the devices drew (NVML counters or power sampling for "
                        + "GPUs, RAPL for CPU and RAM, or a marked estimate where no counter exists); facility energy "
                        + "= IT energy × PUE of the record.</li>")
                .append("<li><b>Scope 2, location-based</b> (GHG Protocol Scope 2 Guidance): facility energy × the "
                        + "grid-average intensity of the zone where the work ran, per record (time-resolved where a "
                        + "provider gave hourly figures); the sources and years are listed per line.</li>")
                .append("<li><b>Scope 2, market-based:</b> a record's contractual emission factor (supplier or "
                        + "certificate figure given with <code>--market-factor</code>) where it has one; otherwise "
                        + "the location-based figure, since no residual-mix factor is recorded. The basis is stated "
                        + "per line.</li>")
                .append("<li><b>Cost:</b> facility kWh × energy price")
                .append(request.electricityPricePerKwh().isPresent() ? " (" + request.electricityPricePerKwh()
                        .getAsDouble() + " " + Html.escape(request.currency()) + "/kWh)" : " (no price given)")
                .append("; location-based tonnes CO2e × internal carbon price")
                .append(request.carbonPricePerTonne().isPresent() ? " (" + request.carbonPricePerTonne().getAsDouble()
                        + " " + Html.escape(request.currency()) + "/t)" : " (no price given)").append(".</li>")
                .append("<li><b>Budgets:</b> the gate policy's <code>monthly_budgets</code>, judged like the gate: "
                        + "location-based CO2e per calendar month (UTC) of the team or project.</li>")
                .append("<li><b>Measured vs estimated:</b> share of IT energy from devices whose method is an "
                        + "estimate.</li>")
                .append("<li><b>Carbon-aware shifts:</b> records whose start was chosen by <code>waitForLowCarbon</code> "
                        + "or <code>carbon wait</code> carry what waiting saved, measured after the work: the same energy "
                        + "at the intensity of the hours it would have run had it started at once, minus its realised "
                        + "CO2e (no saving is claimed where either side had only a yearly average). The CO2e totals "
                        + "are the realised figures; savings are shown beside them, never subtracted.</li>")
                .append("<li><b>Verification:</b> ").append(Html.escape(report.verification().summary()));
        report.verification().details().forEach(d -> html.append("; ").append(Html.escape(d)));
        html.append(". A verified ledger proves each entry is unchanged since a key holder signed it and that none "
                + "in the range is missing; not that the measurement was true (docs/ledger.md).</li></ul>\n");
        html.append("<h2>Data and licences</h2>\n<ul id=\"licences\"><li>Carbon intensities shipped with carbon-mlops: "
                + "Electricity Maps yearly data (ODbL 1.0) and Ember yearly data (CC BY-SA 4.0); live figures, where "
                + "used, from Electricity Maps, WattTime or the UK Carbon Intensity API under their terms. Each "
                + "line names its sources.</li><li>Methods: GHG Protocol Scope 2 Guidance (2015).</li></ul>\n");
    }
}
