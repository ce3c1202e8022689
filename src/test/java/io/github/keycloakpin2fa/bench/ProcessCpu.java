package io.github.keycloakpin2fa.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time a process has used, from {@code /proc/<pid>/stat} (user + system time of all its
 * threads): the figure that survives a machine shared with other work, unlike wall time.
 */
public final class ProcessCpu {

    /** Linux's USER_HZ: /proc counts CPU time in ticks of 10 ms. */
    static final long MILLIS_PER_TICK = 10;

    private final long pid;

    public ProcessCpu(long pid) {
        this.pid = pid;
    }

    /** User plus system CPU time so far, in ms. */
    public long millis() {
        try {
            return parseMillis(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the CPU time of process " + pid, e);
        }
    }

    /** utime + stime (fields 14 and 15) of a stat line; the command name may hold spaces and parentheses. */
    static long parseMillis(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // fields[0] is field 3 (state): utime is field 14, stime field 15.
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * MILLIS_PER_TICK;
    }
}
