package io.github.keycloakpin2fa.bench;

/**
 * One timed run of one operation: how many were done, the server's CPU time, the wall time, and
 * how much of that CPU time G1's concurrent marking threads used ({@link ProcessCpu#concurrentGcMillis}).
 */
public record Sample(long operations, long serverCpuMillis, long wallMillis, long concurrentGcMillis) {

    /** A run whose concurrent GC was not read apart. */
    public Sample(long operations, long serverCpuMillis, long wallMillis) {
        this(operations, serverCpuMillis, wallMillis, 0);
    }

    public double cpuMillisPerOperation() {
        return operations == 0 ? Double.NaN : (double) serverCpuMillis / operations;
    }

    /** G1's concurrent marking CPU per operation within {@link #cpuMillisPerOperation}. */
    public double concurrentGcMillisPerOperation() {
        return operations == 0 ? Double.NaN : (double) concurrentGcMillis / operations;
    }

    /** This run and {@code other} as one: the slices of one repetition, added up. */
    public Sample plus(Sample other) {
        return new Sample(operations + other.operations, serverCpuMillis + other.serverCpuMillis, wallMillis + other.wallMillis,
                concurrentGcMillis + other.concurrentGcMillis);
    }

    public double operationsPerSecond() {
        return wallMillis == 0 ? Double.NaN : operations * 1000.0 / wallMillis;
    }
}
