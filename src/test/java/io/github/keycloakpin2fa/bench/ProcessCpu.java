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

    /**
     * User plus system CPU time so far, in ms, less that of the JIT compiler's threads: compiling
     * is warm-up, not the operation's cost, and on one core of a busy machine it goes on long
     * after a short warm-up (the server runs with {@code -XX:-UseDynamicNumberOfCompilerThreads},
     * so its compiler threads live as long as it does and their time can be taken out).
     */
    public long millis() {
        try {
            long total = parseMillis(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
            return total - compilerMillis();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the CPU time of process " + pid, e);
        }
    }

    /**
     * CPU time of G1's concurrent threads ({@code G1 Conc#n}, {@code G1 Main Marker}, {@code G1 Refine#n},
     * {@code G1 Service}): a marking cycle costs a few hundred ms of it at once, whenever the old
     * generation reaches G1's threshold, whichever operation is running then.
     */
    public long concurrentGcMillis() {
        return threadsMillis(ProcessCpu::isConcurrentGcThread);
    }

    /** Whether a thread's stat line names one of G1's concurrent threads. */
    static boolean isConcurrentGcThread(String stat) {
        String name = threadName(stat);
        return name.startsWith("G1 Conc") || name.startsWith("G1 Main Marker") || name.startsWith("G1 Refine")
                || name.startsWith("G1 Service");
    }

    /** CPU time of the JIT compiler's threads ({@code C1 CompilerThre...}, {@code C2 CompilerThre...}). */
    public long compilerMillis() {
        return threadsMillis(ProcessCpu::isCompilerThread);
    }

    /**
     * CPU time, in ns, of the threads that purge: Keycloak's timer threads ({@code Timer-0}, which
     * runs the housekeeping task) and H2's background writer ({@code MVStore backgro...}, which
     * writes what the purge deleted). Without the process's other threads, an idle server's
     * garbage collections and timers do not drown the purge of a thousand PINs. Read from each
     * thread's {@code schedstat}, the kernel's own count of its time on a CPU, not from
     * {@code stat}, whose 10 ms ticks are the size of what is measured: a purge of 1,000 PINs is
     * about 30 ms on the timer thread, and in ticks, less an idle rate also read in ticks, it
     * measured anywhere from 2 to 102 ms.
     */
    public long purgeThreadsNanos() {
        return threadsNanos(ProcessCpu::isPurgeThread);
    }

    /** CPU time, in ns, of H2's background writer alone: the part of {@link #purgeThreadsNanos} that is not the purge's own thread. */
    public long h2WriterNanos() {
        return threadsNanos(ProcessCpu::isH2Writer);
    }

    /**
     * CPU time so far of each live thread, under {@code <thread id>|<group>}, the group being the
     * thread's name with its digits left out ({@code executor-thread-#}), compiler threads included:
     * two readings give each group's CPU between them through {@link #groupDelta}. (Summed by group
     * at each reading instead, a pool's idle thread that ends in between took its whole CPU time
     * out of its group, and a busy group could read less than nothing.)
     */
    public java.util.Map<String, Long> millisByThread() {
        java.util.Map<String, Long> threads = new java.util.HashMap<>();
        eachThread((id, stat) -> threads.put(id + "|" + threadGroup(stat), parseMillis(stat)));
        return threads;
    }

    /**
     * Each group's CPU between two readings of {@link #millisByThread}: the threads alive at the
     * second, each less what it had at the first (a new thread counts whole); a thread that ended in
     * between is left out.
     */
    public static java.util.Map<String, Long> groupDelta(java.util.Map<String, Long> before, java.util.Map<String, Long> after) {
        java.util.Map<String, Long> groups = new java.util.TreeMap<>();
        after.forEach((thread, millis) -> groups.merge(thread.substring(thread.indexOf('|') + 1),
                millis - before.getOrDefault(thread, 0L), Long::sum));
        return groups;
    }

    /** A thread's name from its stat line, each run of digits replaced by '#'. */
    static String threadGroup(String stat) {
        return threadName(stat).replaceAll("\\d+", "#");
    }

    private long threadsMillis(java.util.function.Predicate<String> which) {
        return sumOver(which, (task, stat) -> parseMillis(stat));
    }

    private long threadsNanos(java.util.function.Predicate<String> which) {
        return sumOver(which, (task, stat) -> runNanos(task));
    }

    /** The sum of {@code reading} over the live threads whose stat line {@code which} accepts. */
    private long sumOver(java.util.function.Predicate<String> which, java.util.function.ToLongBiFunction<Path, String> reading) {
        long[] sum = {0};
        eachTask((task, stat) -> {
            if (which.test(stat)) {
                sum[0] += reading.applyAsLong(task, stat);
            }
        });
        return sum[0];
    }

    /** A thread's time on a CPU so far, in ns; 0 for a thread gone between its stat and its schedstat. */
    private static long runNanos(Path task) {
        try {
            return parseRunNanos(Files.readString(task.resolve("schedstat")));
        } catch (IOException threadEnded) {
            return 0;
        }
    }

    /** Each live thread of the process: its id and its stat line. */
    private void eachThread(java.util.function.BiConsumer<String, String> idAndStat) {
        eachTask((task, stat) -> idAndStat.accept(task.getFileName().toString(), stat));
    }

    /** Each live thread of the process: its directory under {@code /proc/<pid>/task} and its stat line. */
    private void eachTask(java.util.function.BiConsumer<Path, String> taskAndStat) {
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException threadEnded) {
                    continue; // gone between listing and reading
                }
                taskAndStat.accept(task, stat);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the threads of process " + pid, e);
        }
    }

    /** Whether a thread's stat line names a Keycloak timer thread or H2's background writer. */
    static boolean isPurgeThread(String stat) {
        return threadName(stat).startsWith("Timer-") || isH2Writer(stat);
    }

    /** Whether a thread's stat line names H2's background writer. */
    static boolean isH2Writer(String stat) {
        return threadName(stat).startsWith("MVStore");
    }

    /** Whether a thread's stat line names one of HotSpot's compiler threads. */
    static boolean isCompilerThread(String stat) {
        String name = threadName(stat);
        return name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre");
    }

    /** The name between a stat line's outer parentheses (a name may hold parentheses itself). */
    private static String threadName(String stat) {
        return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    }

    /** A thread's time on a CPU, in ns: the first field of its {@code schedstat} line. */
    static long parseRunNanos(String schedstat) {
        return Long.parseLong(schedstat.strip().split("\\s+")[0]);
    }

    /** utime + stime (fields 14 and 15) of a stat line; the command name may hold spaces and parentheses. */
    static long parseMillis(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // fields[0] is field 3 (state): utime is field 14, stime field 15.
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * MILLIS_PER_TICK;
    }
}
