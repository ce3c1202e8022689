package io.github.keycloakpin2fa.bench;

/**
 * One timed run of one operation: how many were done, the server's CPU time and the wall time.
 */
public record Sample(long operations, long serverCpuMillis, long wallMillis) {

    public double cpuMillisPerOperation() {
        return operations == 0 ? Double.NaN : (double) serverCpuMillis / operations;
    }

    /** This run and {@code other} as one: the slices of one repetition, added up. */
    public Sample plus(Sample other) {
        return new Sample(operations + other.operations, serverCpuMillis + other.serverCpuMillis, wallMillis + other.wallMillis);
    }

    public double operationsPerSecond() {
        return wallMillis == 0 ? Double.NaN : operations * 1000.0 / wallMillis;
    }
}
