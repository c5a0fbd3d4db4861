package io.sessiondb.bench.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Medians over the rounds, the markdown table with the ratios, the PNG chart, and the raw numbers as CSV
 * and JSON. The limit of a request is the in-memory ceiling composed with the database floor's round
 * trips: {@code 1/limit = 1/in-memory + 1/load} for a read, {@code + 1/save} too for a write.
 */
final class Report {

    /** The medians of one container and request; NaN (and null) for a setup the run left out (bench.setups). */
    record Row(String container, String request, double inMemory, double stock, double sessiondb, double limit,
               Measurement sessiondbMedian, Measurement stockMedian) {
    }

    private final List<Measurement> measurements;
    private final List<Floor.Result> floors;
    private final List<String> containers;

    Report(List<Measurement> measurements, List<Floor.Result> floors, List<String> containers) {
        this.measurements = measurements;
        this.floors = floors;
        this.containers = containers;
    }

    double floorLoad() {
        return median(floors.stream().map(Floor.Result::loadsPerSecond).toList());
    }

    double floorSave() {
        return median(floors.stream().map(Floor.Result::savesPerSecond).toList());
    }

    List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (String container : containers) {
            for (Measurement.Kind kind : Measurement.Kind.values()) {
                Measurement memory = median(container, Setup.IN_MEMORY, kind);
                Measurement stock = median(container, Setup.STOCK, kind);
                Measurement sessiondb = median(container, Setup.SESSIONDB, kind);
                if (memory == null && stock == null && sessiondb == null) {
                    continue;
                }
                double inMemory = perSecond(memory);
                double inverse = 1 / inMemory + 1 / floorLoad() + (kind == Measurement.Kind.PEEK ? 0 : 1 / floorSave());
                rows.add(new Row(container, kind.label, inMemory, perSecond(stock), perSecond(sessiondb), 1 / inverse, sessiondb, stock));
            }
        }
        return rows;
    }

    private static double perSecond(Measurement m) {
        return m == null ? Double.NaN : m.perSecond();
    }

    /** @return the measurement whose fields are the medians over the rounds, or null if none */
    Measurement median(String container, Setup setup, Measurement.Kind kind) {
        List<Measurement> runs = measurements.stream()
                .filter(m -> m.container().equals(container) && m.setup().equals(setup.label) && m.kind().equals(kind.name()))
                .toList();
        if (runs.isEmpty()) {
            return null;
        }
        return new Measurement(0, container, setup.label, kind.name(), median(runs, Measurement::perSecond),
                median(runs, Measurement::p50Ms), median(runs, Measurement::p99Ms), runs.stream().mapToLong(Measurement::errors).sum(),
                median(runs, Measurement::statementsPerRequest), median(runs, Measurement::writeTransactionsPerRequest),
                median(runs, Measurement::walBytesPerRequest));
    }

    String markdown(String title) {
        StringBuilder out = new StringBuilder();
        out.append(title).append("\n\n");
        out.append("| container | request | in-memory req/s | stock req/s | sessiondb req/s | limit req/s | sessiondb ÷ in-memory"
                + " | sessiondb ÷ limit | sessiondb ÷ DataSourceStore | sessiondb ÷ JDBCSessionDataStore"
                + " | sessiondb statements / write xacts / WAL B per request | stock statements / write xacts / WAL B per request |\n");
        out.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        List<Row> rows = rows();
        for (Row r : rows) {
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | **%s** | %s | %s | **%s** | %s | %s | %s | %s |%n",
                    r.container(), r.request(), format("%,.0f", r.inMemory()), format("%,.0f", r.stock()), format("%,.0f", r.sessiondb()),
                    format("%,.0f", r.limit()), format("%.2f", r.sessiondb() / r.inMemory()), format("%.2f", r.sessiondb() / r.limit()),
                    versusStock(rows, r, "Tomcat"), versusStock(rows, r, "Jetty"), perRequest(r.sessiondbMedian()), perRequest(r.stockMedian())));
        }
        out.append(String.format(Locale.ROOT, "%nDatabase floor (pgbench -M prepared, the store's own statements): load %,.0f/s,"
                + " save %,.0f/s (medians of %d rounds).%n", floorLoad(), floorSave(), floors.size()));
        long errors = measurements.stream().mapToLong(Measurement::errors).sum();
        if (errors > 0) {
            out.append(String.format(Locale.ROOT, "%n**%d requests failed** (socket errors or non-2xx): see the CSV.%n", errors));
        }
        return out.toString();
    }

    /** sessiondb of row {@code r} against the stock store of {@code product} in the same mode (embedded or distribution). */
    private static String versusStock(List<Row> rows, Row r, String product) {
        String mode = r.container().substring(r.container().indexOf(' ') + 1);
        return rows.stream().filter(o -> o.container().equals(product + " " + mode) && o.request().equals(r.request()))
                .findFirst().map(o -> format("%.2f", r.sessiondb() / o.stock())).orElse("–");
    }

    /** @return the number in that format, or "–" when a setup it needs was not run */
    private static String format(String format, double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, format, value);
    }

    private static String perRequest(Measurement m) {
        return m == null ? "–" : String.format(Locale.ROOT, "%.2f / %.2f / %,.0f", m.statementsPerRequest(),
                m.writeTransactionsPerRequest(), m.walBytesPerRequest());
    }

    /** Writes {@code <name>.md}, {@code .csv}, {@code .json} and {@code .png} into {@code dir}. */
    void write(Path dir, String name, String title) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name + ".md"), markdown(title));
        List<String> csv = new ArrayList<>();
        csv.add(Measurement.csvHeader());
        measurements.forEach(m -> csv.add(m.csv()));
        for (int i = 0; i < floors.size(); i++) {
            csv.add(String.format(Locale.ROOT, "%d,database floor,pgbench,load,%.1f,,,0,1,0,", i + 1, floors.get(i).loadsPerSecond()));
            csv.add(String.format(Locale.ROOT, "%d,database floor,pgbench,save,%.1f,,,0,1,1,", i + 1, floors.get(i).savesPerSecond()));
        }
        Files.write(dir.resolve(name + ".csv"), csv);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("title", title);
        json.put("limitDefinition", "1/limit = 1/in-memory + 1/floor load (+ 1/floor save for writes)");
        json.put("floor", floors);
        json.put("medians", rows());
        json.put("runs", measurements);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve(name + ".json").toFile(), json);
        chart(dir.resolve(name + ".png"), title);
    }

    private void chart(Path png, String title) throws IOException {
        System.setProperty("java.awt.headless", "true");
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Row r : rows()) {
            String column = r.container().replace("distribution", "dist") + " · " + shortName(r.request());
            data.addValue(orNull(r.stock() / r.inMemory()), "stock store", column);
            data.addValue(orNull(r.sessiondb() / r.inMemory()), "sessiondb", column);
            data.addValue(orNull(r.limit() / r.inMemory()), "limit (in-memory ∘ database floor)", column);
        }
        JFreeChart chart = ChartFactory.createBarChart(title, null, "requests per second ÷ in-memory sessions", data,
                PlotOrientation.VERTICAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.GRAY);
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setSeriesPaint(0, new Color(0xB0B0B0));
        renderer.setSeriesPaint(1, new Color(0x2E7D32));
        renderer.setSeriesPaint(2, new Color(0x1565C0));
        renderer.setShadowVisible(false);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 1400, 750);
    }

    /** @return the value, or null (no bar) when a setup it needs was not run */
    private static Double orNull(double value) {
        return Double.isNaN(value) ? null : value;
    }

    private static String shortName(String request) {
        return request.startsWith("read") ? "peek" : request.contains("256") ? "count, 256 KiB" : "count";
    }

    private static double median(List<Measurement> runs, ToDoubleFunction<Measurement> field) {
        return median(runs.stream().map(field::applyAsDouble).toList());
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
