package io.github.keycloakpin2fa.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import java.util.stream.IntStream;

/**
 * The benchmark's figures: per operation, the medians over interleaved repetitions of the
 * server's CPU-ms per operation and of operations per second; then the targets as ratios,
 * each said met or not. A ratio of two operations is computed within each repetition, from
 * figures measured minutes apart at most, and its median taken: this machine's speed drifts by up
 * to 2x between repetitions, and a ratio of two medians can pair a fast repetition of one
 * operation with a slow one of the other.
 */
public final class Report {

    private final Map<String, List<Sample>> samples = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final List<Target> targets = new ArrayList<>();
    private final Map<String, double[]> eachRepetition = new LinkedHashMap<>();
    private final Map<String, double[]> readings = new LinkedHashMap<>();
    private final Map<String, Map<String, Long>> threadMillis = new LinkedHashMap<>();
    private final Map<String, Long> threadOperations = new LinkedHashMap<>();
    private String readingsTitle = "";

    /** One target: a figure, its limit and whether it must stay below ({@code <}) or at most ({@code <=}). */
    public record Target(String name, double value, String unit, String comparison, double limit) {

        public boolean met() {
            return Double.isFinite(value) && (comparison.equals("<") ? value < limit : value <= limit);
        }
    }

    public void add(String operation, Sample sample) {
        samples.computeIfAbsent(operation, k -> new ArrayList<>()).add(sample);
    }

    /**
     * Adds to an operation's CPU by group of threads ({@link ProcessCpu#groupDelta} over one of its
     * runs, which did {@code operations} of it); rendered per operation, over all its runs, as
     * CPU-ms per operation.
     */
    public void addThreads(String operation, Map<String, Long> byGroup, long operations) {
        Map<String, Long> sum = threadMillis.computeIfAbsent(operation, k -> new java.util.TreeMap<>());
        byGroup.forEach((group, millis) -> sum.merge(group, millis, Long::sum));
        threadOperations.merge(operation, operations, Long::sum);
    }

    /** An operation's CPU-ms per operation by group of threads, over all the runs added, the largest first (at most 7). */
    public String byThread(String operation) {
        Map<String, Long> sum = threadMillis.get(operation);
        long operations = threadOperations.getOrDefault(operation, 0L);
        if (sum == null || operations == 0) {
            return "";
        }
        return sum.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(java.util.Comparator.comparingLong((Map.Entry<String, Long> e) -> -e.getValue()))
                .limit(7)
                .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue() / (double) operations))
                .collect(java.util.stream.Collectors.joining("; "));
    }

    /**
     * The groups of threads whose CPU per second of wall time differs most between two runs (each
     * run's CPU by group, {@link ProcessCpu#groupDelta}), the largest differences first.
     */
    public static String threadShares(Map<String, Long> a, long aWall, Map<String, Long> b, long bWall) {
        Map<String, double[]> rates = new java.util.TreeMap<>();
        java.util.Set<String> names = new java.util.TreeSet<>(a.keySet());
        names.addAll(b.keySet());
        for (String name : names) {
            double inA = a.getOrDefault(name, 0L) * 1000.0 / Math.max(1, aWall);
            double inB = b.getOrDefault(name, 0L) * 1000.0 / Math.max(1, bWall);
            if (inA > 0 || inB > 0) {
                rates.put(name, new double[] {inA, inB});
            }
        }
        return rates.entrySet().stream()
                .sorted(java.util.Comparator.comparingDouble((Map.Entry<String, double[]> e) -> -Math.abs(e.getValue()[1] - e.getValue()[0])))
                .limit(8)
                .map(e -> String.format(Locale.ROOT, "%s %.0f -> %.0f", e.getKey(), e.getValue()[0], e.getValue()[1]))
                .collect(java.util.stream.Collectors.joining("; "));
    }

    /** Two readings of CPU by group of threads added up, group by group. */
    public static Map<String, Long> sum(Map<String, Long> a, Map<String, Long> b) {
        Map<String, Long> sum = new java.util.TreeMap<>(a);
        b.forEach((group, millis) -> sum.merge(group, millis, Long::sum));
        return sum;
    }

    /** The line printed above the readings (see {@link #reading}). */
    public void readingsTitle(String title) {
        readingsTitle = title;
    }

    public void note(String line) {
        notes.add(line);
    }

    /** Median server CPU-ms per operation. */
    public double cpu(String operation) {
        return median(samples.getOrDefault(operation, List.of()).stream().mapToDouble(Sample::cpuMillisPerOperation).toArray());
    }

    /** Median operations per second. */
    public double rate(String operation) {
        return median(samples.getOrDefault(operation, List.of()).stream().mapToDouble(Sample::operationsPerSecond).toArray());
    }

    /** CPU-ms per operation in one repetition (counted from 0); NaN when that repetition did not measure it. */
    public double cpu(String operation, int repetition) {
        List<Sample> of = samples.getOrDefault(operation, List.of());
        return repetition < of.size() ? of.get(repetition).cpuMillisPerOperation() : Double.NaN;
    }

    /**
     * CPU-ms per operation in one repetition with G1's concurrent marking spread evenly: the
     * concurrent threads' CPU that landed in this repetition's run is replaced by the operation's
     * average over all its repetitions. A marking cycle costs a few hundred ms at once, whenever
     * the old generation fills, so in one 4-s run it either lands or not; an operation that fills
     * the old generation faster still pays more, on average. NaN when that repetition did not
     * measure it.
     */
    public double cpuWithEvenGc(String operation, int repetition) {
        List<Sample> of = samples.getOrDefault(operation, List.of());
        if (repetition >= of.size()) {
            return Double.NaN;
        }
        double average = of.stream().mapToDouble(Sample::concurrentGcMillisPerOperation).filter(Double::isFinite).average().orElse(0);
        Sample s = of.get(repetition);
        return s.cpuMillisPerOperation() - s.concurrentGcMillisPerOperation() + average;
    }

    /**
     * A figure computed within each repetition and printed after the targets, as a reading that
     * is not one of them; returns its median.
     */
    public double reading(String name, IntToDoubleFunction figure) {
        double[] each = inEachRepetition(figure);
        readings.put(name, each);
        return median(each);
    }

    /** Operations per second in one repetition (counted from 0); NaN when that repetition did not measure it. */
    public double rate(String operation, int repetition) {
        List<Sample> of = samples.getOrDefault(operation, List.of());
        return repetition < of.size() ? of.get(repetition).operationsPerSecond() : Double.NaN;
    }

    /** How many repetitions measured at least one operation. */
    public int repetitions() {
        return samples.values().stream().mapToInt(List::size).max().orElse(0);
    }

    /**
     * A figure computed within each repetition, remembered under {@code name} (the targets print
     * it), and its median over the repetitions.
     */
    public double perRepetition(String name, IntToDoubleFunction figure) {
        return remembered(name, inEachRepetition(figure));
    }

    private double[] inEachRepetition(IntToDoubleFunction figure) {
        return IntStream.range(0, repetitions()).mapToDouble(figure).toArray();
    }

    /**
     * Like {@link #perRepetition(String, IntToDoubleFunction)}, over the repetitions in which
     * {@code operation} was measured only: for a figure measured fewer times than the logins
     * (the purge's rounds).
     */
    public double perRepetitionOf(String operation, String name, IntToDoubleFunction figure) {
        return remembered(name, IntStream.range(0, samples.getOrDefault(operation, List.of()).size()).mapToDouble(figure).toArray());
    }

    /** Keeps a figure's values per repetition under {@code name}, for the targets to print; returns their median. */
    private double remembered(String name, double[] each) {
        eachRepetition.put(name, each);
        return median(each);
    }

    public Target target(String name, double value, String unit, String comparison, double limit) {
        Target target = new Target(name, value, unit, comparison, limit);
        targets.add(target);
        return target;
    }

    public List<Target> targets() {
        return List.copyOf(targets);
    }

    public static double median(double[] values) {
        double[] finite = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        if (finite.length == 0) {
            return Double.NaN;
        }
        int mid = finite.length / 2;
        return finite.length % 2 == 1 ? finite[mid] : (finite[mid - 1] + finite[mid]) / 2;
    }

    /** The table of operations, then the targets. */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-58s %12s %9s   %s%n", "operation", "CPU-ms/op", "ops/s", "CPU-ms/op of each repetition"));
        for (Map.Entry<String, List<Sample>> e : samples.entrySet()) {
            out.append(String.format(Locale.ROOT, "%-58s %12.2f %9.1f  %s%n", e.getKey(), cpu(e.getKey()), rate(e.getKey()),
                    series(e.getValue().stream().mapToDouble(Sample::cpuMillisPerOperation).toArray())));
        }
        for (Map.Entry<String, List<Sample>> e : samples.entrySet()) {
            if (e.getValue().stream().anyMatch(x -> x.concurrentGcMillis() > 0)) {
                out.append(String.format(Locale.ROOT, "of which G1's concurrent marking: %-34s %s%n", e.getKey(),
                        series(e.getValue().stream().mapToDouble(Sample::concurrentGcMillisPerOperation).toArray())));
            }
        }
        for (String operation : threadMillis.keySet()) {
            out.append(String.format(Locale.ROOT, "by thread, CPU-ms per operation: %-34s %s%n", operation, byThread(operation)));
        }
        for (String note : notes) {
            out.append(note).append(System.lineSeparator());
        }
        out.append(System.lineSeparator()).append("targets:").append(System.lineSeparator());
        for (Target t : targets) {
            out.append(String.format(Locale.ROOT, "  [%s] %-56s %8.2f%s (target %s %s%s)%s%n", t.met() ? "met" : "NOT MET",
                    t.name(), t.value(), t.unit(), t.comparison(), trim(t.limit()), t.unit(), each(t)));
        }
        long met = targets.stream().filter(Target::met).count();
        out.append(String.format(Locale.ROOT, "%d of %d targets met%n", met, targets.size()));
        if (!readings.isEmpty()) {
            out.append(System.lineSeparator()).append(readingsTitle).append(System.lineSeparator());
            readings.forEach((name, values) -> out.append(String.format(Locale.ROOT, "  %-62s %8.2f; median of%s%n", name,
                    median(values), series(values))));
        }
        return out.toString();
    }

    /**
     * The figure in each repetition, when the target was computed per repetition, after the
     * interval its median lies in ({@link #medianInterval}) and whether that interval settles the
     * verdict: a target whose interval holds its limit is met or not by this run's luck.
     */
    private String each(Target target) {
        double[] values = eachRepetition.get(target.name());
        if (values == null) {
            return "";
        }
        String interval = medianInterval(values).map(i -> String.format(Locale.ROOT, "; the median between %.2f and %.2f at %.1f%% confidence%s",
                i.low(), i.high(), 100 * i.confidence(), i.holds(target.limit()) ? ", which holds the target: this run cannot tell" : ""))
                .orElse("");
        return interval + "; median of" + series(values);
    }

    /**
     * Where the median of the values' distribution lies, from their order alone (no assumption on
     * their distribution): between the k-th smallest and the k-th largest of n values with
     * confidence 1 - 2 P(B <= k - 1), B binomial(n, 1/2), for the largest k giving at least 80%.
     * For 7 values that is the 2nd and the 6th at 87.5%; for 5, the smallest and the largest at
     * 93.75%. Empty for fewer than 4 finite values, which cannot give 80%.
     */
    public static java.util.Optional<Interval> medianInterval(double[] values) {
        double[] finite = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        int n = finite.length;
        Interval best = null;
        double below = 0; // P(B <= k - 1)
        double choose = 1; // C(n, k - 1)
        for (int k = 1; k <= n / 2; k++) {
            below += choose / Math.pow(2, n);
            double confidence = 1 - 2 * below;
            if (confidence < 0.8) {
                break;
            }
            best = new Interval(finite[k - 1], finite[n - k], confidence);
            choose = choose * (n - k + 1) / k;
        }
        return java.util.Optional.ofNullable(best);
    }

    /**
     * The ratio of two figures' means over the repetitions in which both are finite (for the PIN
     * step over the OTP step: the step's CPU summed over every repetition, over the other's), with
     * a percentile bootstrap interval: the repetitions resampled with replacement, in pairs, 2,000
     * times with a fixed seed, and the 5th and 95th percentiles of the resamples' ratios taken. A
     * ratio of two small differences read in one repetition swings far more than either
     * difference (0.58 to 2.96 within one run), and a noisy divisor pulls such ratios up more than
     * down; the means weigh every repetition's CPU as it was spent. Empty for fewer than 4 such
     * repetitions.
     */
    public static java.util.Optional<MeanRatio> ratioOfMeans(double[] numerators, double[] divisors) {
        int n = Math.min(numerators.length, divisors.length);
        double[][] pairs = IntStream.range(0, n).filter(i -> Double.isFinite(numerators[i]) && Double.isFinite(divisors[i]))
                .mapToObj(i -> new double[] {numerators[i], divisors[i]}).toArray(double[][]::new);
        if (pairs.length < 4) {
            return java.util.Optional.empty();
        }
        java.util.Random random = new java.util.Random(20261203L);
        double[] resampled = new double[2000];
        for (int r = 0; r < resampled.length; r++) {
            double num = 0;
            double div = 0;
            for (int i = 0; i < pairs.length; i++) {
                double[] pick = pairs[random.nextInt(pairs.length)];
                num += pick[0];
                div += pick[1];
            }
            resampled[r] = num / div;
        }
        Arrays.sort(resampled);
        double num = Arrays.stream(pairs).mapToDouble(p -> p[0]).sum();
        double div = Arrays.stream(pairs).mapToDouble(p -> p[1]).sum();
        return java.util.Optional.of(new MeanRatio(num / div, num / pairs.length, div / pairs.length,
                new Interval(resampled[(int) (0.05 * resampled.length)], resampled[(int) (0.95 * resampled.length) - 1], 0.90)));
    }

    /** {@link #ratioOfMeans} of two figures computed within each repetition. */
    public java.util.Optional<MeanRatio> ratioOfMeans(IntToDoubleFunction numerator, IntToDoubleFunction divisor) {
        return ratioOfMeans(inEachRepetition(numerator), inEachRepetition(divisor));
    }

    /** {@link #ratioOfMeans}: the ratio, both means, and the interval the ratio lies in. */
    public record MeanRatio(double ratio, double numeratorMean, double divisorMean, Interval interval) {
    }

    /** An interval holding the median with the given confidence. */
    public record Interval(double low, double high, double confidence) {

        /** Whether a limit lies within it (either verdict is then within the noise). */
        public boolean holds(double limit) {
            return low <= limit && limit <= high;
        }
    }

    /** Figures as the report prints a series of them: each with two decimals, after a space. */
    private static String series(double[] values) {
        StringBuilder out = new StringBuilder();
        for (double v : values) {
            out.append(String.format(Locale.ROOT, " %.2f", v));
        }
        return out.toString();
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
